package io.expoleads.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One overlay of deploy/kubernetes as {@code kubectl kustomize} renders it: the objects a cluster would
 * be given. Any kubectl renders the files the same (they keep to what kubectl 1.20's kustomize reads,
 * Debian's {@code kubernetes-client}); {@code KUBECTL} names one that is not on the path.
 */
record RenderedOverlay(String name, List<Map<String, Object>> objects) {

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes/base")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository: " + here);
    }

    static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, RenderedOverlay::render);
    }

    private static RenderedOverlay render(String overlay) {
        Path dir = repository().resolve("deploy/kubernetes/overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay, ".err");
            try {
                Process process = new ProcessBuilder(kubectl(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " took more than 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(err));
                }
                List<Map<String, Object>> objects = new ArrayList<>();
                Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
                for (Object document : yaml.loadAll(Files.readString(out, StandardCharsets.UTF_8))) {
                    if (document != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> object = (Map<String, Object>) document;
                        objects.add(object);
                    }
                }
                return new RenderedOverlay(overlay, List.copyOf(objects));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run kubectl kustomize", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.map(Path::toString).orElseThrow(() -> new IllegalStateException(
                "kubectl is not on the path: install it (Debian: apt-get install -y kubernetes-client) or set KUBECTL"));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String objectName) {
        return ofKind(kind).stream()
                .filter(object -> objectName.equals(Yamls.string(object, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " renders no " + kind + " " + objectName));
    }

    @Override
    public String toString() {
        return name;
    }
}
