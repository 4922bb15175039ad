package io.expoleads.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * In every process the launcher starts, it ends the process when the launcher is
 * gone, however the launcher ended. The child's stdin is a pipe whose only writer is the launcher;
 * the operating system closes it when the launcher exits, {@code kill -9} included, so a read that
 * returns end-of-stream means the parent is gone. No polling, nothing platform-specific.
 *
 * <p>It runs either as the main class that starts the process's own ({@link #main}: the services
 * and Kafka's nodes, which start from class-data archives, and the JDK records none in a JVM with an
 * agent, see {@link ClassDataArchive}) or as a Java agent ({@code -javaagent}: a process without an
 * archive, and Kafka's storage formatter). Either way it is this one class in a
 * jar of its own ({@link #agentJar}), not the launcher's jar: that one's manifest class path (Kafka,
 * mongo-java-server...) would join the service's class path. So it uses nothing but the JDK, and no
 * nested or anonymous classes.
 */
public final class ParentWatch {

    /** Time the process gets to stop gracefully (shutdown hooks) before it is halted. */
    private static final long GRACE_MILLIS = 5_000;

    private ParentWatch() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        watch();
    }

    /** Watches, then runs the main class named first with the other arguments. */
    public static void main(String[] arguments) throws Throwable {
        if (arguments.length == 0) {
            throw new IllegalArgumentException("usage: ParentWatch <main class> [arguments]");
        }
        watch();
        java.lang.reflect.Method main = Class.forName(arguments[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) java.util.Arrays.copyOfRange(arguments, 1, arguments.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch() {
        Thread watch = new Thread(ParentWatch::watchStdin, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watchStdin() {
        InputStream stdin = System.in;
        try {
            byte[] buffer = new byte[256];
            while (stdin.read(buffer) >= 0) {
                // The launcher never writes; anything that arrives is ignored.
            }
        } catch (IOException closed) {
            // A broken pipe is the parent gone too.
        }
        System.err.println("The launcher that started this process is gone: stopping.");
        Thread halt = new Thread(ParentWatch::haltAfterGrace, "parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(143);
    }

    /** Shutdown hooks that wait on a launcher-hosted store or broker must not keep an orphan alive. */
    private static void haltAfterGrace() {
        try {
            Thread.sleep(GRACE_MILLIS);
        } catch (InterruptedException ignored) {
            // halt now
        }
        Runtime.getRuntime().halt(137);
    }

    /**
     * The agent's jar, written into the temporary folder once per version of this class (the name
     * carries the class's hash, so a launcher of another version never uses a stale one).
     */
    static synchronized Path agentJar() throws IOException {
        byte[] classFile = classFile();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "expo-parent-watch-" + sha256(classFile).substring(0, 16) + ".jar");
        byte[] jar = jarBytes(classFile);
        if (!Files.isRegularFile(target) || Files.size(target) != jar.length) {
            Path partial = Files.createTempFile(target.getParent(), "expo-parent-watch", ".part");
            Files.write(partial, jar);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static byte[] classFile() throws IOException {
        try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(classEntry())) {
            if (in == null) {
                throw new IOException(classEntry() + " not found on the launcher's class path");
            }
            return in.readAllBytes();
        }
    }

    private static String classEntry() {
        return ParentWatch.class.getName().replace('.', '/') + ".class";
    }

    private static byte[] jarBytes(byte[] classFile) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatch.class.getName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            JarEntry classEntry = new JarEntry(classEntry());
            classEntry.setTime(0);
            jar.putNextEntry(classEntry);
            jar.write(classFile);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
