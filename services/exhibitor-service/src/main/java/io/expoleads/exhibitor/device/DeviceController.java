package io.expoleads.exhibitor.device;

import java.net.URI;
import java.util.List;

import io.expoleads.exhibitor.exhibitor.BoothDevice;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.identity.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Shared booth devices: added and revoked by the exhibitor's admin, set up with a one-time code. */
@RestController
class DeviceController {

    private final DeviceRegistry registry;
    private final ExhibitorOnboarding exhibitors;

    DeviceController(DeviceRegistry registry, ExhibitorOnboarding exhibitors) {
        this.registry = registry;
        this.exhibitors = exhibitors;
    }

    record NewDeviceRequest(@NotBlank @Size(max = 100) String name) {
    }

    record Activation(@NotBlank @Size(max = 40) String setupCode) {
    }

    @PostMapping("/api/exhibitors/{id}/devices")
    ResponseEntity<DeviceRegistry.NewDevice> add(@PathVariable String id, @Valid @RequestBody NewDeviceRequest request,
                                                 @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        DeviceRegistry.NewDevice device = registry.add(id, request.name().strip(), caller.account());
        return ResponseEntity.created(URI.create("/api/exhibitors/" + id + "/devices"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(device);
    }

    @GetMapping("/api/exhibitors/{id}/devices")
    List<BoothDevice> list(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireAdminOf(id, true);
        return exhibitors.find(id).devices().all();
    }

    @DeleteMapping("/api/exhibitors/{id}/devices/{deviceId}")
    List<BoothDevice> revoke(@PathVariable String id, @PathVariable String deviceId, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, true);
        return registry.revoke(id, deviceId, caller.account()).devices().all();
    }

    @PostMapping("/api/devices/activate")
    ResponseEntity<DeviceRegistry.ActivatedDevice> activate(@Valid @RequestBody Activation activation) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(registry.activate(activation.setupCode()));
    }
}
