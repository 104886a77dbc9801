; pmode_entry_exit - real mode -> protected mode -> real mode, twice.
;
; Pass 1: enter 32-bit protected mode (SDM Vol. 3A 9.9.1), check CR0.PE, CS,
; segment bases and limits (LSL/LAR/VERR/VERW), then return through a 16-bit
; code segment and clear PE (SDM 3A 9.9.2 "Switching Back to Real-Address
; Mode"), and check real-mode behaviour afterwards: segment arithmetic,
; a 16-bit stack (SS.B=0 from the 64 KiB descriptor), IVT interrupts, and the
; "unreal" effect of FS still holding a 4 GiB limit from protected mode
; (descriptor caches are only reloaded by segment loads; SDM 3A 3.4.3).
; Pass 2: enter protected mode straight into a 16-bit code segment and back.
;
; Not checked: faults on real-mode limit violations (offset > 0xFFFF through a
; 64 KiB segment). QEMU TCG does not enforce data segment limits, so such a
; check cannot be verified against the oracle.

%include "io16.inc"
%include "io32.inc"

SEL_C32     equ 0x08        ; flat 32-bit code
SEL_D32     equ 0x10        ; flat 32-bit data, 4 GiB
SEL_C16     equ 0x18        ; 16-bit code, base F0000, limit FFFF
SEL_D16     equ 0x20        ; 16-bit data, base 0, limit FFFF
SEL_DSMALL  equ 0x28        ; data, base 0x200000, limit 0xFFF (byte granular)
SEL_CODEXO  equ 0x30        ; execute-only code (not readable)

COUNT40     equ 0x0500      ; real-mode INT 40h counter (word)
MARK_HI     equ 0x300000    ; written in PM above 1 MiB, read back in unreal mode

TEXT16
rm_entry:
    cli
    cld
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    RPRINT `pmode_entry_exit: start in real mode\n`
    smsw ax
    test al, 1
    jz .pe_clear
    RFAIL "CR0.PE set after reset"
.pe_clear:
    ; Real-mode addressing: linear = segment*16 + offset (SDM 3A 20.1.1).
    mov ax, 0x2000
    mov es, ax
    mov word [es:0x0010], 0x1234
    mov ax, 0x2001
    mov es, ax
    cmp word [es:0x0000], 0x1234
    je .seg_ok
    RFAIL "real-mode segment arithmetic"
.seg_ok:
    ; IVT entry for INT 40h (used after the return to real mode).
    xor ax, ax
    mov es, ax
    mov word [COUNT40], 0
    mov word [0x40*4], rm_int40
    mov word [0x40*4+2], 0xF000
    ; GDT into RAM at 0x1000.
    xor bx, bx
.copy_gdt:
    mov eax, [cs:gdt_rom+bx]
    mov [0x1000+bx], eax
    add bx, 4
    cmp bx, gdt_rom_end-gdt_rom
    jb .copy_gdt
    lgdt [cs:gdtr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword SEL_C32:pm32_entry    ; loads CS from the GDT; flushes real-mode CS

rm_int40:
    inc byte [cs:rm_entry]          ; write to ROM (the CLI at rm_entry): ignored
    push ds
    push ax
    xor ax, ax
    mov ds, ax
    inc word [COUNT40]
    pop ax
    pop ds
    iret

gdtr:
    dw gdt_rom_end-gdt_rom-1
    dd 0x1000
gdt_rom:
    dq 0
    dq 0x00CF9B000000FFFF           ; 08 code32 flat
    dq 0x00CF93000000FFFF           ; 10 data32 flat 4G
    dq 0x00009B0F0000FFFF           ; 18 code16 base F0000 limit FFFF
    dq 0x000093000000FFFF           ; 20 data16 base 0 limit FFFF
    dq 0x0000932000000FFF           ; 28 data base 0x200000 limit 0xFFF
    dq 0x00CF99000000FFFF           ; 30 code32 execute-only
gdt_rom_end:

; ---- 16-bit protected-mode code (CS=SEL_C16, same offsets as real mode) ----
pm16_leave:
    ; Load every data segment with a 64 KiB, byte-granular, expand-up, writable
    ; descriptor before clearing PE (SDM 3A 9.9.2 step 4), except FS which keeps
    ; its 4 GiB limit on purpose.
    mov ax, SEL_D16
    mov ds, ax
    mov es, ax
    mov gs, ax
    mov ss, ax
    mov eax, cr0
    and eax, ~1
    mov cr0, eax
    jmp 0xF000:rm_back              ; reloads CS with a real-mode value

rm_back:
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    smsw ax
    test al, 1
    jz .pe_off
    RFAIL "CR0.PE still set after return"
.pe_off:
    cmp byte [0x0600], 1            ; pass number, set in protected mode
    je .pass1
    jmp rm_back2
.pass1:
    RPRINT `back in real mode\n`
    ; Data written in protected mode at linear 0x20020 is seen at 2002:0000.
    mov ax, 0x2002
    mov es, ax
    cmp dword [es:0], 0x600DF00D
    je .lin_ok
    RFAIL "real-mode read of data written in protected mode"
.lin_ok:
    ; SS came from a B=0 descriptor and was reloaded in real mode: PUSH uses SP
    ; and leaves ESP[31:16] alone (SDM 3A 3.4.5, D/B flag for stack segments).
    mov esp, 0x12340100
    mov ax, 0xBEEF
    push ax
    cmp esp, 0x123400FE
    je .sp_ok
    RFAIL "16-bit stack after return (ESP upper half changed)"
.sp_ok:
    cmp word [0x00FE], 0xBEEF
    je .sp_ok2
    RFAIL "16-bit stack after return (pushed word not at SS:SP)"
.sp_ok2:
    mov esp, 0x7C00
    ; IDTR was never changed: INT 40h goes through the real-mode IVT.
    int 0x40
    cmp word [COUNT40], 1
    je .int_ok
    RFAIL "INT 40h through the IVT after return"
.int_ok:
    cmp byte [cs:rm_entry], 0xFA    ; the handler's write to the ROM is ignored
    je .rom_ok
    RFAIL "write to ROM changed it"
.rom_ok:
    ; Unreal mode: FS still has base 0 and a 4 GiB limit, so a 32-bit offset
    ; above 1 MiB reaches the marker written in protected mode.
    mov esi, MARK_HI
    cmp dword [fs:esi], 0x0BADCAFE
    je .unreal_ok
    RFAIL "FS descriptor cache (unreal mode) lost after return"
.unreal_ok:
    ; Pass 2: protected mode entered directly into a 16-bit code segment.
    mov byte [0x0600], 2
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp SEL_C16:pm16_pass2

pm16_pass2:
    mov ax, SEL_D16
    mov ds, ax
    smsw ax
    test al, 1
    jnz .pe_on
    RFAIL "pass 2: CR0.PE not set"
.pe_on:
    mov ax, cs
    cmp ax, SEL_C16
    je .cs_ok
    RFAIL "pass 2: CS is not the 16-bit selector"
.cs_ok:
    lsl ax, [cs:sel_d16_word]
    cmp ax, 0xFFFF
    je .lsl_ok
    RFAIL "pass 2: LSL of 64 KiB data segment"
.lsl_ok:
    jmp pm16_leave

sel_d16_word: dw SEL_D16

rm_back2:
    RPRINT `back in real mode again\n`
    mov ax, 0x2002
    mov es, ax
    cmp dword [es:0], 0x600DF00D
    je .ok
    RFAIL "pass 2: real-mode memory after second round trip"
.ok:
    jmp rm_pass

; ---- 32-bit protected-mode code ----
TEXT32
pm32_entry:
    mov ax, SEL_D32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, 0x90000
    PRINT `in 32-bit protected mode\n`
    mov eax, cr0
    CHECK_MASK eax, 1, 1, "CR0.PE after entering protected mode"
    xor eax, eax
    mov ax, cs
    CHECK_EQ eax, SEL_C32, "CS selector after far jump"
    ; Segment base: SEL_DSMALL has base 0x200000.
    mov dword [0x200010], 0xCAFEBABE
    mov ax, SEL_DSMALL
    mov es, ax
    CHECK_EQ [es:0x10], 0xCAFEBABE, "data segment base 0x200000"
    ; Limits as the CPU computes them (SDM 3A 3.4.5: G=1 scales by 4 KiB).
    mov ecx, SEL_D32
    lsl eax, ecx
    CHECK_EQ eax, 0xFFFFFFFF, "LSL flat 4 GiB segment"
    mov ecx, SEL_D16
    lsl eax, ecx
    CHECK_EQ eax, 0xFFFF, "LSL 64 KiB segment"
    mov ecx, SEL_DSMALL
    lsl eax, ecx
    CHECK_EQ eax, 0xFFF, "LSL byte-granular segment"
    mov ecx, SEL_D32
    lar eax, ecx
    CHECK_MASK eax, 0x00F0FF00, 0x00C09300, "LAR flat data segment" ; bits 19:16 undefined (LAR in SDM Vol. 2A)
    mov ecx, 0x1000                 ; beyond the GDT limit: ZF=0
    lsl eax, ecx
    CHECK_FLAGS 0x40, 0, "LSL of selector beyond GDT limit must clear ZF"
    verr word [cs:sel_xo]
    CHECK_FLAGS 0x40, 0, "VERR of execute-only code must clear ZF"
    verr word [cs:sel_c32]
    CHECK_FLAGS 0x40, 0x40, "VERR of readable code must set ZF"
    verw word [cs:sel_c32]
    CHECK_FLAGS 0x40, 0, "VERW of code must clear ZF"
    verw word [cs:sel_d32]
    CHECK_FLAGS 0x40, 0x40, "VERW of writable data must set ZF"
    ; Data for the real-mode side.
    mov dword [0x20020], 0x600DF00D
    mov dword [MARK_HI], 0x0BADCAFE
    mov byte [0x0600], 1
    ; FS stays flat (4 GiB); go to 16-bit code to leave (SDM 3A 9.9.2 step 3).
    jmp SEL_C16:pm16_leave

sel_xo:  dw SEL_CODEXO
sel_c32: dw SEL_C32
sel_d32: dw SEL_D32

RESET_VECTOR
