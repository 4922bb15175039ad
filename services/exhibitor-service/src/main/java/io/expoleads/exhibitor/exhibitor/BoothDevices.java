package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The phones and scanners shared by the exhibitor's booth: each PENDING until set up with its code,
 * then ACTIVE until revoked; a revoked device never scans again.
 *
 * @param all every device the booth ever had, revoked ones included (their scans name them)
 */
public record BoothDevices(List<BoothDevice> all) {

    /** No device: an application's. */
    public static final BoothDevices NONE = new BoothDevices(List.of());

    public BoothDevices {
        all = all == null ? List.of() : List.copyOf(all);
    }

    public Optional<BoothDevice> device(String deviceId) {
        return all.stream().filter(device -> device.deviceId().equals(deviceId)).findFirst();
    }

    /** Whether the device was set up and not revoked: it may scan. */
    public boolean isActive(String deviceId) {
        return device(deviceId).filter(device -> device.status() == BoothDevice.Status.ACTIVE).isPresent();
    }

    /** The ids of the devices that may scan. */
    public List<String> activeIds() {
        return all.stream().filter(device -> device.status() == BoothDevice.Status.ACTIVE).map(BoothDevice::deviceId).toList();
    }

    /** A new device, waiting for its setup code to be used. */
    BoothDevices added(BoothDevice device) {
        List<BoothDevice> added = new ArrayList<>(all);
        added.add(device);
        return new BoothDevices(added);
    }

    /**
     * The device was set up; from now on it may scan.
     *
     * @return empty when it was active already; a revoked device is refused
     */
    Optional<BoothDevices> activated(String deviceId, Instant at) {
        BoothDevice device = required(deviceId);
        if (device.status() == BoothDevice.Status.ACTIVE) {
            return Optional.empty();
        }
        if (device.status() != BoothDevice.Status.PENDING) {
            throw new IllegalArgumentException("device " + deviceId + " is " + device.status());
        }
        return Optional.of(replaced(device, device.activated(at)));
    }

    /** @return empty when it was revoked already */
    Optional<BoothDevices> revoked(String deviceId, Instant at) {
        BoothDevice device = required(deviceId);
        if (device.status() == BoothDevice.Status.REVOKED) {
            return Optional.empty();
        }
        return Optional.of(replaced(device, device.revoked(at)));
    }

    /** Each device's name (its id when it has none), by device id, revoked ones included. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        all.forEach(device -> names.put(device.deviceId(), device.name() == null ? device.deviceId() : device.name()));
        return names;
    }

    private BoothDevice required(String deviceId) {
        return device(deviceId).orElseThrow(() -> new IllegalArgumentException("no device " + deviceId));
    }

    private BoothDevices replaced(BoothDevice before, BoothDevice after) {
        List<BoothDevice> replaced = new ArrayList<>(all);
        replaced.set(replaced.indexOf(before), after);
        return new BoothDevices(replaced);
    }
}
