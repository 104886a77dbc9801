; The direct-boot option ROM for external firmware (SeaBIOS, --bios): offered through fw_cfg as
; "genroms/linuxboot.bin" and listed first in "bootorder" when --kernel is given. The firmware
; runs its initialization entry at POST (nothing to do) and registers the bootstrap entry vector
; of its PnP expansion header as a boot device (PnP BIOS Specification 1.0A, 3.3; BIOS Boot
; Specification 1.01, 3.1). At boot the BEV copies the setup code, the kernel, the initrd and the
; command line where fw_cfg says (items 0x07-0x18, QEMU's docs/specs/fw_cfg.rst) and enters the
; setup code as the Linux boot protocol requires. The setup header arrives already completed by
; the emulator (bios/boot/linux_boot.cpp: heap end, command line pointer, initrd), so the ROM only
; copies and jumps. The copies use the fw_cfg DMA interface, which takes physical addresses, so
; the kernel reaches 1 MiB and more from real mode without leaving it.
;
; The emulator sets the size byte and both checksums when it offers the image
; (bios/boot/option_rom.cpp), so nothing here depends on the final length.
        bits 16
        cpu 386
        org 0

FW_CFG_SELECT   equ 0x510
FW_CFG_DATA     equ 0x511
FW_CFG_DMA_LOW  equ 0x518

KEY_KERNEL_ADDR equ 0x07
KEY_KERNEL_SIZE equ 0x08
KEY_INITRD_ADDR equ 0x0A
KEY_INITRD_SIZE equ 0x0B
KEY_KERNEL_DATA equ 0x11
KEY_INITRD_DATA equ 0x12
KEY_CMDLINE_ADDR equ 0x13
KEY_CMDLINE_SIZE equ 0x14
KEY_CMDLINE_DATA equ 0x15
KEY_SETUP_ADDR  equ 0x16
KEY_SETUP_SIZE  equ 0x17
KEY_SETUP_DATA  equ 0x18

DMA_CTL_READ    equ 0x02
DMA_CTL_SELECT  equ 0x08
DMA_CTL_ERROR   equ 0x01

HDR_HEAP_END_PTR equ 0x224   ; setup header: offset of the heap's end from the setup segment

; The x86 byte swap for big-endian fw_cfg values, in 80386 instructions (BSWAP is an 80486 one).
%macro SWAP_EAX 0
        xchg    ah, al
        rol     eax, 16
        xchg    ah, al
%endmacro

rom_header:
        db      0x55, 0xAA
        db      0                       ; length in 512-byte blocks: set by the emulator
        jmp     near init               ; initialization entry at offset 3
        times 0x18 - ($ - $$) db 0
        dw      0                       ; no PCI data structure: not a PCI device's ROM
        dw      pnp_header              ; offset 1Ah: the PnP expansion header

        align   16
pnp_header:
        db      '$PnP'
        db      1                       ; structure revision
        db      2                       ; length in 16-byte units
        dw      0                       ; no further header
        db      0                       ; reserved
        db      0                       ; checksum: set by the emulator
        dd      0                       ; device identifier
        dw      manufacturer
        dw      product
        db      0, 0, 0                 ; device type: none given
        db      0x04                    ; device indicators: IPL device
        dw      0                       ; boot connection vector: none
        dw      0                       ; disconnect vector
        dw      bev                     ; bootstrap entry vector
        dw      0                       ; reserved
        dw      0                       ; static resource information vector

manufacturer:   db 'morph86', 0
product:        db 'Linux (direct boot)', 0

; Initialization: the images are fetched at boot time, so POST has nothing to do here.
init:
        retf

; EAX = the 32-bit little-endian item AX, read through the data port. Clobbers BX, CX, DX.
read32:
        mov     dx, FW_CFG_SELECT
        out     dx, ax
        inc     dx                      ; FW_CFG_DATA
        in      al, dx
        mov     bl, al
        in      al, dx
        mov     bh, al
        in      al, dx
        mov     cl, al
        in      al, dx
        mov     ch, al
        mov     ax, cx
        shl     eax, 16
        mov     ax, bx
        ret

; Reads ECX bytes of item AX to physical address EDI through a DMA descriptor on the stack
; (fw_cfg.rst, "DMA interface": control, length, 64-bit address, all big-endian; writing the
; descriptor's address to the low half of the DMA register starts the transfer, and the control
; word reads zero when it is done, or has the error bit). Nothing when ECX is 0. Stops the boot
; on an error. Clobbers EAX, EBX, DX, BP.
dma_read:
        jecxz   .done
        sub     sp, 16
        mov     bp, sp
        movzx   eax, ax
        shl     eax, 16
        or      eax, DMA_CTL_SELECT | DMA_CTL_READ
        SWAP_EAX
        mov     [ss:bp], eax
        mov     eax, ecx
        SWAP_EAX
        mov     [ss:bp + 4], eax
        mov     dword [ss:bp + 8], 0
        mov     eax, edi
        SWAP_EAX
        mov     [ss:bp + 12], eax
        xor     eax, eax                ; the descriptor's physical address: SS * 16 + BP
        mov     ax, ss
        shl     eax, 4
        movzx   ebx, bp
        add     eax, ebx
        SWAP_EAX
        mov     dx, FW_CFG_DMA_LOW      ; the high half is zero after every transfer
        out     dx, eax
.wait:
        mov     eax, [ss:bp]
        test    eax, ~(DMA_CTL_ERROR << 24)
        jnz     .wait
        test    eax, eax
        jnz     fail
        add     sp, 16
.done:
        ret

; Copies one image: the item numbers of its address, size and data.
%macro LOAD_ITEM 3
        mov     ax, %1
        call    read32
        mov     edi, eax
        mov     ax, %2
        call    read32
        mov     ecx, eax
        mov     ax, %3
        call    dma_read
%endmacro

bev:
        cli
        cld
        LOAD_ITEM KEY_SETUP_ADDR, KEY_SETUP_SIZE, KEY_SETUP_DATA
        LOAD_ITEM KEY_KERNEL_ADDR, KEY_KERNEL_SIZE, KEY_KERNEL_DATA
        LOAD_ITEM KEY_INITRD_ADDR, KEY_INITRD_SIZE, KEY_INITRD_DATA
        LOAD_ITEM KEY_CMDLINE_ADDR, KEY_CMDLINE_SIZE, KEY_CMDLINE_DATA
        ; Enter the setup code at its segment + 20h with DS = ES = FS = GS = SS = its segment
        ; and the stack at the end of its heap (boot.rst, "Running the kernel").
        mov     ax, KEY_SETUP_ADDR
        call    read32
        shr     eax, 4
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
        mov     gs, ax
        mov     ss, ax
        mov     sp, [HDR_HEAP_END_PTR]
        add     sp, 0x200
        add     ax, 0x20
        push    ax
        push    word 0
        retf

; A transfer failed: INT 18h is the BIOS Boot Specification's way back to the firmware, which
; tries the next boot device.
fail:
        sti
        int     0x18
.halt:
        hlt
        jmp     .halt
