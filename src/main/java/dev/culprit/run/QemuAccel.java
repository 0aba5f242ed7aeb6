package dev.culprit.run;

/**
 * How QEMU runs the guest's code. {@link #AUTO}: KVM when /dev/kvm is usable, but a KVM machine that prints
 * nothing at all within {@link QemuRunner#KVM_FIRST_OUTPUT} (nested virtualisation that opens /dev/kvm and
 * then hangs, as on some cloud machines) switches this runner to TCG for good and the run is repeated.
 */
public enum QemuAccel {
    AUTO, KVM, TCG
}
