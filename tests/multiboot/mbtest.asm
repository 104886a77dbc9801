; A multiboot kernel (Multiboot Specification 0.6.96) that reports what its boot loader gave
; it on COM1, then powers the PC off through ACPI (PIIX4 PM1a_CNT at 0x604: SLP_TYP 0, the
; \_S5 of the built-in BIOS and of QEMU's PC, with SLP_EN). run_multiboot.sh boots it with two
; modules and checks the lines; the same kernel runs under QEMU's multiboot loader.
;
; Lines: "magic OK|BAD", "flags XXXXXXXX", "mem_lower N", "mem_upper N", "cmdline <text>",
; "loader <text>", "mods N", per module "mod I aligned|UNALIGNED size N first <16 chars>
; cmdline <text>", per memory map entry "mmap BASE LENGTH TYPE" (hex), "usable_kb N", "done".
bits 32
cpu 686
org 0x100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010003   ; page-aligned modules, memory information, load addresses below

header:
  dd MB_MAGIC
  dd MB_FLAGS
  dd -(MB_MAGIC + MB_FLAGS)
  dd header         ; header_addr
  dd header         ; load_addr
  dd load_end       ; load_end_addr
  dd bss_end        ; bss_end_addr
  dd start          ; entry_addr

start:
  mov esp, stack_top
  mov [magic], eax
  mov [info], ebx
  call serial_init
  mov esi, s_magic
  call puts
  mov esi, s_ok
  cmp dword [magic], 0x2BADB002
  je .magic_ok
  mov esi, s_bad
.magic_ok:
  call puts_line

  mov ebx, [info]
  mov esi, s_flags
  call puts
  mov eax, [ebx]
  call put_hex
  call newline

  mov esi, s_mem_lower
  call puts
  mov eax, [ebx + 4]
  call put_dec
  call newline
  mov esi, s_mem_upper
  call puts
  mov eax, [ebx + 8]
  call put_dec
  call newline

  mov esi, s_cmdline
  call puts
  test dword [ebx], 1 << 2
  jz .no_cmdline
  mov esi, [ebx + 16]
  call puts
.no_cmdline:
  call newline

  mov esi, s_loader
  call puts
  test dword [ebx], 1 << 9
  jz .no_loader
  mov esi, [ebx + 64]
  call puts
.no_loader:
  call newline

  ; Modules: mods_count at +20, mods_addr at +24, 16 bytes each.
  mov esi, s_mods
  call puts
  mov eax, [ebx + 20]
  call put_dec
  call newline
  mov ecx, [ebx + 20]
  mov edi, [ebx + 24]
  xor edx, edx
.module:
  test ecx, ecx
  jz .modules_done
  push ecx
  mov esi, s_mod
  call puts
  mov eax, edx
  call put_dec
  mov esi, s_aligned
  test dword [edi], 0xFFF
  jz .is_aligned
  mov esi, s_unaligned
.is_aligned:
  call puts
  mov esi, s_size
  call puts
  mov eax, [edi + 4]
  sub eax, [edi]
  call put_dec
  mov esi, s_first
  call puts
  mov esi, [edi]
  mov ecx, 16
.first_bytes:
  lodsb
  cmp al, 0x20
  jb .stop_first
  call putc
  loop .first_bytes
.stop_first:
  mov esi, s_mod_cmdline
  call puts
  mov esi, [edi + 8]
  call puts
  call newline
  pop ecx
  add edi, 16
  inc edx
  dec ecx
  jmp .module
.modules_done:

  ; The memory map: mmap_length at +44, mmap_addr at +48; each entry starts with its size
  ; (not counting the size field itself).
  test dword [ebx], 1 << 6
  jz .map_done
  mov edi, [ebx + 48]
  mov ebp, edi
  add ebp, [ebx + 44]
  xor eax, eax
  mov [usable_kb], eax
.map_entry:
  cmp edi, ebp
  jae .map_end
  mov esi, s_mmap
  call puts
  mov eax, [edi + 8]
  call put_hex
  mov eax, [edi + 4]
  call put_hex
  mov al, ' '
  call putc
  mov eax, [edi + 16]
  call put_hex
  mov eax, [edi + 12]
  call put_hex
  mov al, ' '
  call putc
  mov eax, [edi + 20]
  call put_dec
  call newline
  cmp dword [edi + 20], 1
  jne .next_entry
  mov eax, [edi + 12]      ; usable bytes below 4 GiB (the length's low dword suffices here)
  shr eax, 10
  add [usable_kb], eax
.next_entry:
  add edi, [edi]
  add edi, 4
  jmp .map_entry
.map_end:
  mov esi, s_usable
  call puts
  mov eax, [usable_kb]
  call put_dec
  call newline
.map_done:
  mov esi, s_done
  call puts_line

  ; ACPI S5: SLP_TYP 0 with SLP_EN (bit 13) in PM1a_CNT.
  mov dx, 0x604
  mov ax, 0x2000
  out dx, ax
  cli
.halt:
  hlt
  jmp .halt

; ---- COM1 at 0x3F8, 115200 8N1, polled ----
serial_init:
  mov dx, 0x3FB
  mov al, 0x80
  out dx, al
  mov dx, 0x3F8
  mov al, 1
  out dx, al
  inc dx
  xor al, al
  out dx, al
  mov dx, 0x3FB
  mov al, 0x03
  out dx, al
  ret

putc:                      ; AL
  push edx
  push eax
  mov dx, 0x3FD
.wait:
  in al, dx
  test al, 0x20
  jz .wait
  pop eax
  mov dx, 0x3F8
  out dx, al
  pop edx
  ret

puts:                      ; ESI: a NUL-terminated string
  push eax
.next:
  lodsb
  test al, al
  jz .end
  call putc
  jmp .next
.end:
  pop eax
  ret

puts_line:
  call puts
newline:
  push eax
  mov al, 13
  call putc
  mov al, 10
  call putc
  pop eax
  ret

put_hex:                   ; EAX as 8 hex digits
  push ecx
  push eax
  mov ecx, 8
.digit:
  rol eax, 4
  push eax
  and al, 0x0F
  add al, '0'
  cmp al, '9'
  jbe .print
  add al, 'A' - '9' - 1
.print:
  call putc
  pop eax
  loop .digit
  pop eax
  pop ecx
  ret

put_dec:                   ; EAX unsigned
  push eax
  push ebx
  push ecx
  push edx
  mov ebx, 10
  xor ecx, ecx
.divide:
  xor edx, edx
  div ebx
  push edx
  inc ecx
  test eax, eax
  jnz .divide
.out:
  pop eax
  add al, '0'
  call putc
  loop .out
  pop edx
  pop ecx
  pop ebx
  pop eax
  ret

s_magic: db "magic ", 0
s_ok: db "OK", 0
s_bad: db "BAD", 0
s_flags: db "flags ", 0
s_mem_lower: db "mem_lower ", 0
s_mem_upper: db "mem_upper ", 0
s_cmdline: db "cmdline ", 0
s_loader: db "loader ", 0
s_mods: db "mods ", 0
s_mod: db "mod ", 0
s_aligned: db " aligned", 0
s_unaligned: db " UNALIGNED", 0
s_size: db " size ", 0
s_first: db " first ", 0
s_mod_cmdline: db " cmdline ", 0
s_mmap: db "mmap ", 0
s_usable: db "usable_kb ", 0
s_done: db "done", 0

load_end:
absolute load_end
alignb 4
magic: resd 1
info: resd 1
usable_kb: resd 1
alignb 16
stack: resb 4096
stack_top:
bss_end:
