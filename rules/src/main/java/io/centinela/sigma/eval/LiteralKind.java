package io.centinela.sigma.eval;

/** How a case-insensitive literal is compared with a field value. */
public enum LiteralKind { EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH }
