package io.centinela.sigma.correlation;

/**
 * What a {@link CorrelationSession} did so far. {@code ungrouped}: routed hits lacking a group-by field;
 * {@code evictedContributions}/{@code evictedGroups}: dropped by the caps; {@code groups}/{@code heldContributions}:
 * the state held now.
 */
public record CorrelationCounters(long hits, long contributions, long late, long duplicates, long ungrouped,
                                  long evictedContributions, long evictedGroups, long matches, long groups,
                                  long heldContributions) {
}
