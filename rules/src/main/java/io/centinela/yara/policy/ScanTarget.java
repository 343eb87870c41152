package io.centinela.yara.policy;

/** Bytes the policy picked from an event: which field, the bytes, text or file content. */
public record ScanTarget(String field, byte[] data, FieldSpec.TargetType type) {

    public boolean isContent() {
        return type == FieldSpec.TargetType.CONTENT;
    }
}
