package io.centinela.sigma.parse;

/** A detection value as written: its text and how YAML typed it (a quoted '4688' is a STRING, 4688 an INT). */
public record RuleValue(String text, YamlNode.YScalar.Kind kind) {

    public boolean isNull() {
        return kind == YamlNode.YScalar.Kind.NULL;
    }
}
