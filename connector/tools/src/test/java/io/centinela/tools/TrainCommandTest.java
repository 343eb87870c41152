package io.centinela.tools;

import io.centinela.cli.CentinelaCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad training options fail before any data is read, naming the option and what it accepts. */
class TrainCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CentinelaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[]{String.valueOf(code), err.toString()};
    }

    @Test
    void unknownDomainInDomainMaxLengthIsRefused() {
        String[] r = run("train", "--out", "target/never", "--domain-max-length", "mail=48");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--domain-max-length") && r[1].contains("mail") && r[1].contains("email"), r[1]);
    }

    @Test
    void unknownSelectionIsRefused() {
        String[] r = run("train", "--out", "target/never", "--select", "accuracy");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--select") && r[1].contains("f1") && r[1].contains("pr-auc"), r[1]);
    }
}
