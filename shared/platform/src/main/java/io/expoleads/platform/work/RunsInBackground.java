package io.expoleads.platform.work;

import org.springframework.context.SmartLifecycle;

/** A component whose {@link BackgroundWork} starts with the application context and stops with it. */
public interface RunsInBackground extends SmartLifecycle {

    BackgroundWork backgroundWork();

    @Override
    default void start() {
        backgroundWork().start();
    }

    @Override
    default void stop() {
        backgroundWork().stop();
    }

    @Override
    default boolean isRunning() {
        return backgroundWork().isRunning();
    }
}
