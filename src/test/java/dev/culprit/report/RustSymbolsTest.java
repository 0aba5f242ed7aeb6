package dev.culprit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rust symbol demangling, with symbols built by hand from the v0 grammar (RFC 2603) and the legacy scheme. */
class RustSymbolsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # nested paths, crate disambiguators hidden
            _RNvC7mycrate3bar                                  | mycrate::bar
            _RNvNtCs1234_7mycrate3foo3bar                      | mycrate::foo::bar
            _RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind     | __rustc::rust_begin_unwind
            # inherent impl, trait impl, trait definition; backreferences to earlier paths
            _RNvMNtC7mycrate3fooNtB2_6Struct3new               | <mycrate::foo::Struct>::new
            _RNvXC7mycrateNtB2_6StructNtNtC4core3fmt7Display3fmt | <mycrate::Struct as core::fmt::Display>::fmt
            _RNvXs1_C7mycrateNtB5_6StructNtC4core5Clone5clone  | <mycrate::Struct as core::Clone>::clone
            _RNvYNtC7mycrate6StructNtC4core5Clone5clone        | <mycrate::Struct as core::Clone>::clone
            _RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap | <ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap
            # generic arguments: "::<>" on a value path, "<>" inside a type
            _RINvC7mycrate4funcmjE                             | mycrate::func::<u32, usize>
            _RNvMC7mycrateINtB2_3VechE3len                     | <mycrate::Vec<u8>>::len
            _RINvC7mycrate1fRhQmSlTjbEAhj4_E                   | mycrate::f::<&u8, &mut u32, [i32], (usize, bool), [u8; 4]>
            _RINvC7mycrate1fTjEE                               | mycrate::f::<(usize,)>
            _RINvC7mycrate1fRhBd_E                             | mycrate::f::<&u8, &u8>
            _RINvC7mycrate1fKja_Klnf_Kb1_Kc41_KpE              | mycrate::f::<10, -15, true, 'A', _>
            _RINvC7mycrate1fFUKCjEuFmEhE                       | mycrate::f::<unsafe extern "C" fn(usize), fn(u32) -> u8>
            _RINvC7mycrate1fFG_RL0_hEuE                        | mycrate::f::<for<'a> fn(&'a u8)>
            _RINvC7mycrate1fDNtC4core5DebugEL_E                | mycrate::f::<dyn core::Debug>
            _RINvC7mycrate1fPhOhE                              | mycrate::f::<*const u8, *mut u8>
            # closures and shims
            _RNCNvC7mycrate4main0                              | mycrate::main::{closure#0}
            _RNCNvC7mycrate4mains_0                            | mycrate::main::{closure#1}
            _RNSNvC7mycrate4main6vtable                        | mycrate::main::{shim:vtable#0}
            # punycode identifiers, instantiating crate, vendor suffix, kernel prefixes
            _RNvC7mycrateu9maana_pta                           | mycrate::mañana
            _RNvC7mycrate3fooC5other                           | mycrate::foo
            _RNvC7mycrate3foo.llvm.1234                        | mycrate::foo.llvm.1234
            __cfi__RNvC7mycrate3foo                            | __cfi_mycrate::foo
            # legacy scheme: the hash is dropped, escapes decoded
            _ZN7mycrate3foo17h0123456789abcdefE                | mycrate::foo
            _ZN52_$LT$mycrate..Struct$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE | <mycrate::Struct as core::fmt::Debug>::fmt
            _ZN7mycrate3fooE.llvm.77                           | mycrate::foo.llvm.77
            """)
    void demangles(String mangled, String want) {
        assertThat(RustSymbols.demangle(mangled)).isEqualTo(want);
    }

    @Test
    void malformedSymbolsComeBackUnchanged() {
        for (String bad : List.of("_R", "_RN", "_RNvC", "_RB_", "_RB5_", "_RNvB_1a", "_RNvC999999999a", "_RNvC3ab",
                "_RNvC7mycrate3barZ", "_R0NvC1a1b", "_RINvC1a1fKe_E", "_RNvC7mycrateu3___", "_ZN3foo", "_ZN3foo3barEv",
                "_ZN3foo$XX$E", "_ZN0E", "_RNvC7mycrate3bar\u00e9", "vfs_read", "_Rust", "")) {
            assertThat(RustSymbols.demangle(bad)).as(bad).isEqualTo(bad);
        }
    }

    @Test
    void backreferenceBombsStopQuicklyAndUnchanged() {
        // Each tuple refers twice to the one before: the printed form doubles with every level.
        StringBuilder b = new StringBuilder("_RINvC1a1f");
        int prev = b.length() - 2;
        b.append('h');
        for (int level = 0; level < 60; level++) {
            int here = b.length() - 2;
            String ref = "B" + base62(prev - 1) + "_";
            b.append('T').append(ref).append(ref).append('E');
            prev = here;
        }
        b.append('E');
        String bomb = b.toString();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(RustSymbols.demangle(bomb)).isEqualTo(bomb));
    }

    @Test
    void randomInputNeverThrows() {
        Random r = new Random(7);
        String alphabet = "_RNCMXYIBKLGDFAPOQSTUEsvtp0123456789abcdefhjlmnuxyz.$";
        for (int k = 0; k < 20000; k++) {
            StringBuilder b = new StringBuilder(k % 2 == 0 ? "_R" : "_ZN");
            int len = r.nextInt(60);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertThat(RustSymbols.demangle(s)).isNotNull();
        }
    }

    @Test
    void stackFramesCarryDemangledNames() {
        Frame f = Frames.parse(" _RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt+0x84/0x90");
        assertThat(f.function()).isEqualTo("core::panicking::panic_fmt");
        Frame q = Frames.parse(" ? __cfi__RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt+0x10/0x10");
        assertThat(q.function()).isEqualTo("__cfi_core::panicking::panic_fmt");
        assertThat(q.unreliable()).isTrue();
    }

    @Test
    void rustPanicTitleNamesTheGuiltyRustFunction() {
        String log = """
                [   60.002464][ T2148] rust_kernel: panicked at rust/kernel/page.rs:60:5:
                [   60.002464][ T2148] index out of bounds: the len is 8 but the index is 10
                [   60.029392][ T2148] ------------[ cut here ]------------
                [   60.034979][ T2148] kernel BUG at rust/helpers/bug.c:7!
                [   60.041680][ T2148] Oops: invalid opcode: 0000 [#1] PREEMPT SMP KASAN PTI
                [   60.069552][ T2148] RIP: 0010:rust_helper_BUG+0x8/0x10
                [   60.146289][ T2148] Call Trace:
                [   60.146302][ T2148]  <TASK>
                [   60.146312][ T2148]  _RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind+0x15b/0x160
                [   60.189785][ T2148]  _RNvNtCs9jEwPDbx20M_4core9panicking9panic_fmt+0x84/0x90
                [   60.189785][ T2148]  _RNvNtCs9jEwPDbx20M_4core9panicking18panic_bounds_check+0x84/0x90
                [   60.426733][ T2148]  _RNvMNtCs1234_5mydrv3devNtB2_6Device4read+0xe44/0xfb0
                [   60.477260][ T2148]  vfs_read+0x1371/0x1bd0
                [   60.477260][ T2148]  ksys_read+0x1371/0x1bd0
                [   60.638855][ T2148]  </TASK>
                """;
        Report r = Reports.parse(log).get(0);
        assertThat(r.title()).isEqualTo("index out of bounds: the len is NUM but the index is NUM in <mydrv::dev::Device>::read");
        assertThat(r.corrupted()).isFalse();
        assertThat(Reports.parse(log)).hasSize(1);
        String old = log.replace("rust_kernel: panicked at rust/kernel/page.rs:60:5:",
                "rust_kernel: panicked at 'attempt to add with overflow', rust/kernel/page.rs:60:5");
        assertThat(Reports.parse(old).get(0).title()).isEqualTo("attempt to add with overflow in <mydrv::dev::Device>::read");
    }

    private static String base62(int v) {
        String digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        if (v == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        for (int x = v; x > 0; x /= 62) {
            b.insert(0, digits.charAt(x % 62));
        }
        return b.toString();
    }
}
