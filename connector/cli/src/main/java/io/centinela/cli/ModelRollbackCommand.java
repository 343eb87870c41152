package io.centinela.cli;

import io.centinela.pipeline.LiveModelDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code centinela model rollback --live <dir>}: the previous package becomes live again (verified first). */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Make the previously live model package live again (its manifest is verified first).")
final class ModelRollbackCommand implements Callable<Integer> {

    @Option(names = "--live", required = true, paramLabel = "DIR", description = "The live-model location (model.dir).")
    Path live;

    @Override
    public Integer call() throws Exception {
        if (!LiveModelDir.isLive(live)) {
            throw new UserException(live + " is not a live-model location (no " + LiveModelDir.CURRENT
                    + " pointer; run `centinela model promote <package> --live " + live + "` first)");
        }
        LiveModelDir.Switch s = new LiveModelDir(live).rollback();
        System.out.println("live model: " + s.version() + " (" + s.live() + "); previous: " + s.previous());
        return 0;
    }
}
