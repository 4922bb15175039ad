package io.expoleads.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class's {@code @BeforeAll} the one stack ({@link TestStacks#start}) that every class of
 * this test JVM shares when it only needs the system running: started by the first class that asks,
 * whichever it is, and stopped once every test has run (JUnit closes what its root store holds).
 * A stack start costs each class ten to twenty seconds of the suite; the classes were already
 * independent of each other's data, as the store and the broker are shared by every stack of the
 * JVM: each signs people up, and reads mail, at addresses of its own. A class that stops, kills or
 * reconfigures part of the system starts a stack of its own instead. Its processes send every trace
 * to the JVM's {@link TraceCollector}.
 */
final class SharedStack implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public LocalStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return of(context);
    }

    /** The shared stack, started now if no class started it yet. */
    static LocalStack of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent("stack", key -> {
            try {
                // Its processes export every trace to the test JVM's receiver, for the tests that follow one.
                return LocalStack.start(TestStacks.settings("shared", TraceCollector.get().environment()));
            } catch (Exception e) {
                throw new IllegalStateException("the shared stack did not start", e);
            }
        }, LocalStack.class);
    }
}
