package io.reenact.cli;

import io.reenact.access.AccessTokens;
import io.reenact.common.Grants;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code reenact token}: mints a bearer token for one owner. It is signed with the key pair in
 * {@code <data-dir>/keys} (made there on first use, the same pair {@code reenact up} uses); the
 * services verify it with the public half ({@code REENACT_JWT_PUBLIC_KEY}).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints an access token for one owner: the streams and avatars it may bind, drive and watch.",
                "Patterns are ids or prefixes ending in * (\"alice-*\"); \"*\" is everything."})
final class TokenCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "holds keys/ (default ~/.reenact, as reenact up)")
    Path dataDir;

    @Option(names = "--owner", required = true, description = "who the token is for (its subject)")
    String owner;

    @Option(names = "--streams", split = ",", defaultValue = "", description = "stream ids or prefixes it owns, comma-separated")
    List<String> streams;

    @Option(names = "--avatars", split = ",", defaultValue = "", description = "avatar ids or prefixes it owns, comma-separated")
    List<String> avatars;

    @Option(names = "--days", defaultValue = "30", description = "valid for (default ${DEFAULT-VALUE} days)")
    long days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--days must be >= 1");
        }
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".reenact");
        Vertx vertx = Vertx.vertx();
        try {
            AccessTokens tokens = AccessTokens.fromKeyDir(vertx, data.resolve("keys"));
            spec.commandLine().getOut().println(tokens.issue(new Grants(owner, nonBlank(streams), nonBlank(avatars)),
                    Duration.ofDays(days)));
            spec.commandLine().getErr().println("services verify it with the public key "
                    + data.resolve("keys").resolve(AccessTokens.PUBLIC_KEY));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    private static List<String> nonBlank(List<String> patterns) {
        return patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}
