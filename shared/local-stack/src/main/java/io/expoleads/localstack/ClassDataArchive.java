package io.expoleads.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * How each service's JVM, and Kafka's, start quickly: with a class-data sharing archive of the
 * classes they load (the JDK's dynamic CDS, {@code -XX:ArchiveClassesAtExit} and
 * {@code -XX:SharedArchiveFile}, JDK 13 and later); a service from its Spring Boot jar unpacked
 * (Spring Boot's own {@code -Djarmode=tools extract}: the JDK archives no class a Spring Boot jar's
 * own class loader loads). A service's start is mostly loading and verifying some 20,000 classes;
 * mapped from the archive instead, it costs about half the processor time (lead-service alone: 17 s
 * of CPU, 8.5 s with it), and the whole stack starts on two cores in about half the time.
 *
 * <p>The archive is recorded by the first run of a build: the first process of each kind writes the
 * classes it loaded when it stops cleanly (Ctrl-C, the launcher's stop), and every later start of
 * that build on this JDK maps them. Kept under the jar's {@code target/launch/<key>/}, the key naming
 * the jar (size and time), the JDK and {@link ParentWatch}'s version, so a new build or another JDK gets
 * its own, and a stack still running from the previous one keeps its files. Nothing here can stop a
 * process from starting: when the jar cannot be unpacked it runs from the jar as before, and a JVM
 * that cannot use an archive runs without it (it says so in its log).
 */
final class ClassDataArchive {

    /** ParentWatch's jar, copied beside the unpacked one: the archive holds it too, so it must not change. */
    private static final String WATCH = "parent-watch.jar";
    /** A launcher's mark on the folder it runs services from, with its process id: kept while it lives. */
    private static final String IN_USE = "in-use-by-";
    /** A folder a launcher (its process id next) is unpacking a jar into. */
    private static final String UNPACKING = "unpacking-";
    /** The names of what launchers leave behind, each with the launcher's process id. */
    private static final java.util.regex.Pattern LAUNCHER_PID =
            java.util.regex.Pattern.compile("(?:" + IN_USE + "|" + UNPACKING + "|[a-z0-9-]+\\.jsa\\.)(\\d+)");
    /** Exit codes of a JVM that stopped as asked (SIGTERM, System.exit from the parent watch): its dump is whole. */
    private static final List<Integer> CLEAN_EXITS = List.of(0, 130, 143);

    private final String name;
    /** Where the archive is kept; null when the process runs as before, without one. */
    private final Path folder;
    private final String classPath;
    private final String mainClass;
    /** How the process runs without an archive, watched by the agent: {@code -jar <jar>}, or {@code -cp ... <main>}. */
    private final List<String> withoutArchive;
    private final Map<String, Path> recordings = new ConcurrentHashMap<>();

    private ClassDataArchive(String name, Path folder, String classPath, String mainClass, List<String> withoutArchive) {
        this.name = name;
        this.folder = folder;
        this.classPath = classPath;
        this.mainClass = mainClass;
        this.withoutArchive = withoutArchive;
    }

    /** Each service's (by name, from its jar), its jar unpacked, all at once, where this build of it has not run on this JDK yet. */
    static Map<String, ClassDataArchive> prepareAll(Map<String, Path> jars) {
        return jars.entrySet().parallelStream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, jar -> prepare(jar.getKey(), jar.getValue())));
    }

    /** The archive of one service's jar: unpacks it the first time this build of it runs on this JDK. */
    static ClassDataArchive prepare(String service, Path fatJar) {
        List<String> withoutArchive = List.of("-jar", fatJar.toString());
        if (!Files.isRegularFile(fatJar)) {
            // not built: starting the service says so
            return new ClassDataArchive(service, null, null, null, withoutArchive);
        }
        Path launch = fatJar.resolveSibling("launch");
        try {
            Path unpacked = launch.resolve(key(fatJar));
            Path jar = unpacked.resolve(fatJar.getFileName());
            if (!Files.isRegularFile(jar)) {
                unpack(fatJar, launch, unpacked);
            }
            claim(launch, unpacked);
            return new ClassDataArchive(service, unpacked, unpacked.resolve(WATCH) + File.pathSeparator + jar, mainClass(jar),
                    withoutArchive);
        } catch (IOException | RuntimeException e) {
            System.out.println(service + " runs from its jar without a class-data archive: " + e.getMessage());
            return new ClassDataArchive(service, null, null, null, withoutArchive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClassDataArchive(service, null, null, null, withoutArchive);
        }
    }

    /**
     * The archive of a program on the launcher's own class path (its jar's, which holds
     * {@link ParentWatch} too), such as Kafka's node, kept beside the launcher's jar. Without the
     * launcher's jar (run from a build tool's class path), none.
     */
    static ClassDataArchive onLauncherClassPath(String name, String classPath, String mainClass) {
        List<String> withoutArchive = List.of("-cp", classPath, mainClass);
        try {
            Path launcherJar = Path.of(ClassDataArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(launcherJar)) {
                return new ClassDataArchive(name, null, null, null, withoutArchive);
            }
            Path launch = launcherJar.resolveSibling("launch");
            Path folder = launch.resolve(key(launcherJar));
            Files.createDirectories(folder);
            claim(launch, folder);
            return new ClassDataArchive(name, folder, classPath, mainClass, withoutArchive);
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            System.out.println(name + " runs without a class-data archive: " + e.getMessage());
            return new ClassDataArchive(name, null, null, null, withoutArchive);
        }
    }

    /** This launcher's mark on the folder it runs from, and the clean-up of what no living launcher uses. */
    private static void claim(Path launch, Path folder) throws IOException {
        Files.writeString(folder.resolve(IN_USE + ProcessHandle.current().pid()), "");
        removeUnused(launch, folder);
    }

    /**
     * Starts {@code instance} with {@code jvmOptions} and {@code arguments} for its main class: with
     * the archive when there is one; without, the first instance to start records it. With an archive
     * {@link ParentWatch} is the main class (the JDK records no archive in a JVM with an agent);
     * without, the agent.
     */
    synchronized ChildProcess start(String instance, List<String> jvmOptions, List<String> arguments, Map<String, String> environment,
                                    Path log) throws IOException {
        List<String> command = new ArrayList<>(jvmOptions);
        if (folder == null) {
            command.addAll(withoutArchive);
            command.addAll(arguments);
            return ChildProcess.startJava(instance, command, environment, log);
        }
        Path archive = folder.resolve(name + ".jsa");
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        } else if (recordings.isEmpty() || recordings.containsKey(instance)) {
            Path recording = folder.resolve(name + ".jsa." + ProcessHandle.current().pid() + "-" + instance + ".tmp");
            recordings.put(instance, recording);
            command.add("-XX:ArchiveClassesAtExit=" + recording);
        }
        // The classes the JDK will not archive (old class files, some generated ones) are listed as
        // warnings at every dump: not the operator's concern. A refused archive is still said (cds+dynamic).
        command.add("-Xlog:cds=off");
        command.addAll(List.of("-cp", classPath, ParentWatch.class.getName(), mainClass));
        command.addAll(arguments);
        return ChildProcess.startWatched(instance, command, environment, log);
    }

    /** Whether processes start from a recorded archive (or there is none to record: they run as before). */
    boolean recorded() {
        return folder == null || Files.isRegularFile(folder.resolve(name + ".jsa"));
    }

    /**
     * Once {@code instance}'s process has ended: the archive it recorded becomes this build's when it
     * stopped cleanly (a killed JVM writes none, or part of one, which is discarded).
     */
    synchronized void ended(String instance, int exitCode) {
        Path recording = recordings.remove(instance);
        if (recording == null) {
            return;
        }
        try {
            if (CLEAN_EXITS.contains(exitCode) && Files.size(recording) > 0) {
                move(recording, folder.resolve(name + ".jsa"));
            }
        } catch (IOException e) {
            // none written (the JVM could not dump): the next clean stop records it
        } finally {
            deleteQuietly(recording);
        }
    }

    private static String mainClass(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IOException(jar.getFileName() + " names no Main-Class");
            }
            return main;
        }
    }

    /** This build of the jar, this JDK and this version of ParentWatch (its jar's name carries its hash). */
    private static String key(Path jar) throws IOException {
        String identity = Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|"
                + ParentWatch.agentJar().getFileName();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spring Boot's extraction into a fresh folder, moved into place whole: two launchers never see half of one. */
    private static void unpack(Path fatJar, Path launch, Path unpacked) throws IOException, InterruptedException {
        Files.createDirectories(launch);
        Path partial = Files.createTempDirectory(launch, UNPACKING + ProcessHandle.current().pid() + "-");
        try {
            Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djarmode=tools", "-jar", fatJar.toString(), "extract", "--destination", partial.resolve("app").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!extract.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IOException("unpacking " + fatJar.getFileName() + " failed");
            }
            Files.copy(ParentWatch.agentJar(), partial.resolve("app").resolve(WATCH));
            try {
                Files.move(partial.resolve("app"), unpacked, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException anotherLauncherWasFirst) {
                // the same jar, unpacked by another launcher at the same time: use theirs
            }
        } finally {
            deleteTree(partial);
        }
    }

    /**
     * Earlier builds' folders no living launcher runs from, and what launchers that died left: their
     * marks, and archives their services were recording (perhaps half written).
     */
    private static void removeUnused(Path launch, Path current) throws IOException {
        try (Stream<Path> folders = Files.list(launch)) {
            for (Path folder : folders.toList()) {
                if (!Files.isDirectory(folder) || launcherAlive(folder.getFileName().toString())) {
                    continue;
                }
                List<Path> stale = new ArrayList<>();
                boolean inUse = false;
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        if (name.startsWith(IN_USE) || name.endsWith(".tmp")) {
                            if (launcherAlive(name)) {
                                inUse = true;
                            } else {
                                stale.add(file);
                            }
                        }
                    }
                }
                if (folder.equals(current) || inUse) {
                    stale.forEach(ClassDataArchive::deleteQuietly);
                } else {
                    deleteTree(folder);
                }
            }
        }
    }

    /**
     * Whether the launcher whose process id the name carries ({@code in-use-by-<pid>},
     * {@code unpacking-<pid>-...}, {@code lead-service.jsa.<pid>-...}) still runs.
     */
    private static boolean launcherAlive(String name) {
        java.util.regex.Matcher pid = LAUNCHER_PID.matcher(name);
        return pid.lookingAt() && ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next build's clean-up
        }
    }

    /** Deletes a folder and all it holds, as far as it can. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(ClassDataArchive::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a folder in use elsewhere is removed by a later start
        }
    }
}
