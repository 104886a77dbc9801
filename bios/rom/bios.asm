; The built-in BIOS ROM: 64 KiB at F000:0000. Interrupt entry points trap into the C++ services
; (bios/bios.h); what must run as guest code (calling other interrupt handlers, the boot jump,
; end-of-interrupt to the 8259s) stays here. Entry points sit at the IBM PC AT BIOS addresses
; (IBM PC AT Technical Reference, BIOS listing), which some software calls directly.
bits 16
cpu 8086
org 0

%include "macros.inc"

; ---- Services reached through near jumps from the fixed addresses below ----

SERVICE int10_service, 0x10
SERVICE int13_service, 0x13
SERVICE int14_service, 0x14
SERVICE int15_service, 0x15
SERVICE int16_service, 0x16
SERVICE int17_service, 0x17
SERVICE int1a_service, 0x1A
SERVICE int11_service, 0x11
SERVICE int12_service, 0x12

; IRQ 1: the scancode goes through the INT 15h AH=4Fh keyboard intercept first (IBM PC AT TR;
; a hook that clears CF swallows the key), then to the C++ translation, which asks in AH for
; the interrupts a real handler issues itself: 1 = INT 1Bh (Ctrl-Break), 2 = INT 05h (Print
; Screen), 3 = INT 15h AH=85h (SysReq, AL = 0 make / 1 break), 4 = Pause: spin with interrupts
; on until the next key clears bit 3 of 0040:0018 (IBM PC AT TR, "Keyboard Interrupt").
; DS = 0040h during the hooks, as in the AT BIOS: INT 15h AH=4Fh handlers address the BIOS data
; area through DS without loading it (games flush the key buffer with [1Ah] = [1Ch]).
int09_handler:
  push ax
  push ds
  mov ax, 0x40
  mov ds, ax
  in al, 0x60
  mov ah, 0x4F
  stc
  int 0x15
  mov ah, 0
  jnc .eoi
  TRAP 0x09
.eoi:
  push ax
  cli
  mov al, 0x20
  out 0x20, al
  pop ax
  cmp ah, 1
  jne .not_break
  int 0x1B
  jmp .done
.not_break:
  cmp ah, 2
  jne .not_print
  int 0x05
  jmp .done
.not_print:
  cmp ah, 3
  jne .not_sysreq
  mov ah, 0x85
  int 0x15
  jmp .done
.not_sysreq:
  cmp ah, 4
  jne .done
.paused:
  sti
  hlt
  test byte [0x18], 0x08        ; DS = 0040h
  jnz .paused
.done:
  pop ds
  pop ax
  iret

; IRQ 0: the tick count (C++), then the user timer hook INT 1Ch with DS = 0040h as in the AT
; BIOS, then end of interrupt.
int08_handler:
  TRAP 0x08
  push ax
  push ds
  mov ax, 0x40
  mov ds, ax
  int 0x1C
  cli
  mov al, 0x20
  out 0x20, al
  pop ds
  pop ax
  iret

; IRQ 6: the floppy controller's interrupt flag in the BIOS data area.
int0e_handler:
  TRAP 0x0E
  push ax
  mov al, 0x20
  out 0x20, al
  pop ax
  iret

; Unclaimed IRQs 2-7 and 8-15: acknowledge at the controllers so a stray request does not block
; lower priorities.
irq_master_default:
  push ax
  mov al, 0x20
  out 0x20, al
  pop ax
  iret
irq_slave_default:
  push ax
  mov al, 0x20
  out 0xA0, al
  out 0x20, al
  pop ax
  iret

; IRQ 8, the RTC: read register C so the RTC drops its request, then acknowledge.
irq8_rtc:
  push ax
  mov al, 0x0C
  out 0x70, al
  in al, 0x71
  mov al, 0x20
  out 0xA0, al
  out 0x20, al
  pop ax
  iret

; IRQ 12, the PS/2 pointing device (IBM PS/2 and PC BIOS Interface TR, "Pointing Device BIOS
; Interface"; RBIL INT 15h AX=C207h). The C++ side takes the byte from port 60h and collects
; the packet; with a whole packet for an installed handler it returns AX = 1, BX = status,
; CX = X, DX = Y, SI = Z and ES:DI = the handler. The handler is far-called with the words
; status, X, Y, Z pushed in that order (status at [SP+0Ah] on entry), returns with RETF, and
; the BIOS drops the four words. Interrupts stay off unless the handler enables them; every
; register survives.
irq12_mouse:
  push ax
  push bx
  push cx
  push dx
  push si
  push di
  push bp
  push ds
  push es
  TRAP 0x74
  cmp ax, 1
  jne .eoi
  push bx
  push cx
  push dx
  push si
  push cs                       ; the return address for the handler's RETF
  mov ax, .returned
  push ax
  push es                       ; 8086 has no far call through registers: RETF into it
  push di
  retf
.returned:
  add sp, 8
.eoi:
  cli
  mov al, 0x20
  out 0xA0, al
  out 0x20, al
  pop es
  pop ds
  pop bp
  pop di
  pop si
  pop dx
  pop cx
  pop bx
  pop ax
  iret

; IRQ 9 is the PC's IRQ 2 on the AT bus: acknowledge the slave, run the IRQ 2 vector.
irq9_redirect:
  push ax
  mov al, 0x20
  out 0xA0, al
  pop ax
  int 0x0A
  iret

; IRQ 13, the x87 error: clear the FPU busy latch (port F0h), acknowledge, then NMI's vector as
; the AT BIOS does for software written for the 8087.
irq13_fpu:
  push ax
  xor al, al
  out 0xF0, al
  mov al, 0x20
  out 0xA0, al
  out 0x20, al
  pop ax
  int 0x02
  iret

; INT 18h: no bootable disk. The message comes from C++; wait for a key and try again.
int18_handler:
  TRAP 0x18
  sti
  xor ax, ax
  int 0x16
  int 0x19

; POST continued: option ROMs (C8000-DFFFF, 2 KiB steps; C++ checks signatures and checksums
; and returns the next one in ES with DX = where to look next), then boot.
post_option_roms:
  mov dx, 0xC800
.next:
  TRAP 0xF1
  test dx, dx
  jz .boot
  push dx
  push es
  mov ax, 3
  push ax
  mov bp, sp
  call far [ss:bp]
  cli
  add sp, 4
  pop dx
  jmp .next
.boot:
  sti
  int 0x19

; INT 19h: load the boot sector, a CD's boot image or a kernel (C++), then jump to it.
int19_handler:
  TRAP 0x19
  ; AX = 0: the boot sector is at 0000:7C00 and DL holds its drive.
  test ax, ax
  jnz .kernel
  xor ax, ax
  mov ds, ax
  mov es, ax
  jmp 0x0000:0x7C00
.kernel:
  cmp ax, 4
  je .boot_image
  cmp ax, 2
  je .real_mode_kernel
  cmp ax, 3
  je .protected_mode_kernel
  int 0x18
; AX = 4: a boot image loaded at BX:0000 (a CD's El Torito image), DL holds its drive.
.boot_image:
  xor ax, ax
  mov ds, ax
  mov es, ax
  push bx
  push ax
  retf
; A real-mode entry (bios/boot/direct_boot.h): BX = the data segment for DS, ES, FS, GS and SS,
; CX = the code segment (entered at offset 0), DX = the stack pointer; interrupts off.
.real_mode_kernel:
  cli
  cpu 386
  mov ds, bx
  mov es, bx
  mov fs, bx
  mov gs, bx
  mov ss, bx
  mov sp, dx
  push cx
  push word 0
  retf
; A 32-bit entry: flat protected mode, paging off, interrupts off (the multiboot machine
; state, Multiboot 0.6.96, 3.2): ECX = the entry point, EDX = the value for EAX, EBX as it is.
.protected_mode_kernel:
  cli
  o32 lgdt [cs:direct_boot_gdtr]
  mov eax, cr0
  or al, 1
  mov cr0, eax
  jmp dword 0x08:(0xF0000 + .flat)
bits 32
.flat:
  mov ax, 0x10
  mov ds, ax
  mov es, ax
  mov fs, ax
  mov gs, ax
  mov ss, ax
  mov eax, edx
  jmp ecx
bits 16
cpu 8086
align 8
direct_boot_gdt:
  dq 0
  dq 0x00CF9A000000FFFF  ; 08h: code, base 0, limit 4 GiB, 32-bit
  dq 0x00CF92000000FFFF  ; 10h: data, base 0, limit 4 GiB
direct_boot_gdtr:
  dw 3 * 8 - 1
  dd 0xF0000 + direct_boot_gdt

; ---- Vectors POST installs (bios/bios.h, rom::kVectorTable) ----
AT 0x5F00
vector_table:
  db (vector_table_end - vector_table - 1) / 3
  VECTOR 0x02, nmi_entry
  VECTOR 0x05, print_screen_entry
  VECTOR 0x08, int08_entry
  VECTOR 0x09, int09_entry
  VECTOR 0x0A, irq_master_default
  VECTOR 0x0B, irq_master_default
  VECTOR 0x0C, irq_master_default
  VECTOR 0x0D, irq_master_default
  VECTOR 0x0E, int0e_entry
  VECTOR 0x0F, irq_master_default
  VECTOR 0x10, int10_entry
  VECTOR 0x11, int11_entry
  VECTOR 0x12, int12_entry
  VECTOR 0x13, int13_entry
  VECTOR 0x14, int14_entry
  VECTOR 0x15, int15_entry
  VECTOR 0x16, int16_entry
  VECTOR 0x17, int17_entry
  VECTOR 0x18, int18_handler
  VECTOR 0x19, int19_entry
  VECTOR 0x1A, int1a_entry
  VECTOR 0x1E, 0xEFC7
  VECTOR 0x70, irq8_rtc
  VECTOR 0x71, irq9_redirect
  VECTOR 0x72, irq_slave_default
  VECTOR 0x73, irq_slave_default
  VECTOR 0x74, irq12_mouse
  VECTOR 0x75, irq13_fpu
  VECTOR 0x76, irq_slave_default
  VECTOR 0x77, irq_slave_default
vector_table_end:

; ---- Fonts (bios/fonts/make_fonts.cpp) ----
AT 0x6000
  incbin "font8x16.bin"
AT 0x7000
  incbin "font8x14.bin"
AT 0x7E00
  incbin "font8x8.bin", 1024, 1024

; ---- Video BIOS tables (AH=1Bh static functionality, VBE window function) ----
%include "video.inc"

; ---- Firmware table anchors (bios/bios.h: rom::kTableAnchors) ----
; POST writes the ACPI RSDP, the MP floating pointer, the SMBIOS entry point and the $PIR table
; here: the specifications find them by scanning the F segment on 16-byte boundaries.
AT 0x9000
table_anchors:
  times 0x400 db 0

; ---- The BIOS32 service directory and the 32-bit PCI BIOS ----
%include "bios32.inc"

; ---- The IBM PC AT entry points and tables ----
AT 0xE05B
post_entry:
  cli
  cld
  xor ax, ax
  mov ss, ax
  mov sp, 0x7C00
  TRAP 0xF0
  ; AX = 1: the CMOS shutdown byte asked to resume through the pointer at 0040:0067 (a
  ; protected-mode program returning to real mode through a reset, IBM PC AT TR).
  test ax, ax
  jz post_option_roms
  xor ax, ax
  mov ds, ax
  jmp far [0x467]

AT 0xE2C3
nmi_entry:
  iret

AT 0xE3FE
  jmp int13_service

AT 0xE6F2
int19_entry:
  jmp int19_handler

AT 0xE6F5
config_table:                   ; INT 15h AH=C0h (IBM PS/2 TR, "System Configuration")
  dw 8                          ; bytes that follow
  db 0xFC                       ; model: AT
  db 0x01                       ; submodel
  db 0x00                       ; BIOS revision
  db 0x74                       ; second 8259, RTC, INT 09h calls INT 15h AH=4Fh, EBDA
  db 0x40                       ; INT 16h AH=09h supported
  db 0, 0, 0

AT 0xE739
int14_entry:
  jmp int14_service

AT 0xE82E
int16_entry:
  jmp int16_service

AT 0xE987
int09_entry:
  jmp int09_handler

AT 0xEC59
int13_entry:
  jmp int13_service

AT 0xEF57
int0e_entry:
  jmp int0e_handler

AT 0xEFC7
diskette_params:                ; INT 1Eh (IBM PC AT TR, "Diskette Parameter Table"), 1.44 MB
  db 0xDF                       ; step rate 3 ms, head unload 240 ms
  db 0x02                       ; head load 4 ms, DMA mode
  db 0x25                       ; motor off delay in ticks
  db 0x02                       ; 512-byte sectors
  db 18                         ; sectors per track
  db 0x1B                       ; gap length
  db 0xFF                       ; data length
  db 0x6C                       ; format gap length
  db 0xF6                       ; format fill byte
  db 0x0F                       ; head settle time, ms
  db 0x08                       ; motor start time, 1/8 s

AT 0xEFD2
int17_entry:
  jmp int17_service

AT 0xF065
int10_entry:
  jmp int10_service

AT 0xF841
int12_entry:
  jmp int12_service

AT 0xF84D
int11_entry:
  jmp int11_service

AT 0xF859
int15_entry:
  jmp int15_service

AT 0xFA6E
  incbin "font8x8.bin", 0, 1024

AT 0xFE6E
int1a_entry:
  jmp int1a_service

AT 0xFEA5
int08_entry:
  jmp int08_handler

AT 0xFF53
iret_stub:
  iret
print_screen_entry:
  TRAP 0x05
  iret

AT 0xFFF0
  jmp 0xF000:post_entry
AT 0xFFF5
  db "11/25/26"
AT 0xFFFE
  db 0xFC                       ; model byte: AT
  db 0x00
