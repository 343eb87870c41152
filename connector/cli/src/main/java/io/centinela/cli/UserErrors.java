package io.centinela.cli;

import io.centinela.config.ConfigException;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;

/**
 * Turns an ordinary mistake (missing or unreadable file, bad option value, bad config, missing native library,
 * unreachable broker) into one line on stderr and exit code {@value #USER_ERROR}; anything else is an internal
 * error: one line and exit code 1. {@code --verbose} or {@code CENTINELA_VERBOSE=1} adds the stack trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String line = userMessage(ex);
        boolean verbose = verbose(parsed);
        if (line != null) {
            err.println("centinela: " + line);
        } else {
            err.println("centinela: internal error: " + describe(ex)
                    + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return line != null ? USER_ERROR : INTERNAL_ERROR;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String unmatched = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? u.getUnmatched().get(0) : null;
        if (unmatched != null && cmd.getParent() == null && CentinelaCli.TOOL_COMMANDS.contains(unmatched)) {
            err.println("centinela: '" + unmatched + "' is a tool command and the tools are not on this class path"
                    + " (the distribution's bin/centinela adds lib/tools for it; `run` never needs them)");
        } else {
            err.println("centinela: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
        }
        if (Arrays.asList(args).contains("--verbose") || envVerbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USER_ERROR;
    }

    /** The one line for a mistake the user can fix, or null when this is not one. */
    static String userMessage(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserException u) {
                return u.getMessage();
            }
            if (t instanceof ConfigException || t instanceof io.centinela.event.evtx.EvtxUnavailableException) {
                return t.getMessage();
            }
            if (t instanceof NoSuchFileException f) {
                return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file or folder");
            }
            if (t instanceof NotDirectoryException f) {
                return f.getFile() + ": not a folder";
            }
            if (t instanceof AccessDeniedException f) {
                return f.getFile() + ": permission denied";
            }
            if (t instanceof FileSystemException f && f.getFile() != null) {
                return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be read");
            }
            if (t instanceof FileNotFoundException f) {
                return f.getMessage();
            }
            if (t instanceof UnsatisfiedLinkError || t instanceof NoClassDefFoundError && isNative(t)) {
                return nativeLibraryMessage(t);
            }
            if (t.getClass().getName().startsWith("org.apache.kafka.common.errors.TimeoutException")) {
                return "Kafka did not answer in time: " + t.getMessage()
                        + " (check kafka.bootstrap.servers and that the broker is up)";
            }
            if (t.getClass().getName().equals("io.centinela.model.pkg.ModelPackageException")) {
                return t.getMessage();
            }
            if (t instanceof UncheckedIOException || t instanceof IOException) {
                continue; // look for a more precise cause first
            }
        }
        return null;
    }

    private static boolean isNative(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.contains("yara") || m.contains("evtx") || m.contains("jna");
    }

    /** JNA's own message lists every path it tried (kilobytes of class path): name the library and the fix. */
    static String nativeLibraryMessage(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("evtx")) {
            return "libevtx (libevtx.so.1) is not installed: run as root: apt-get install -y libevtx1";
        }
        if (m.contains("yara")) {
            return "libyara 4.2 (libyara.so.9) is not installed: run as root: apt-get install -y libyara9";
        }
        String first = m.split("\n", 2)[0];
        return "a native library could not be loaded: " + (first.length() > 200 ? first.substring(0, 200) : first);
    }

    private static String describe(Throwable ex) {
        String m = ex.getMessage();
        String s = ex.getClass().getSimpleName() + (m != null ? ": " + m.split("\n", 2)[0] : "");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        if (envVerbose()) {
            return true;
        }
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static boolean envVerbose() {
        String v = System.getenv("CENTINELA_VERBOSE");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
