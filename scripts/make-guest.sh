#!/usr/bin/env bash
# Builds a small Linux guest from Debian's i386 or amd64 packages, without root and without loop
# mounts:
#
#   scripts/make-guest.sh OUTDIR [--arch i386|amd64] [--pae] [--extra DIR]
#
# OUTDIR receives
#   vmlinuz      the kernel of linux-image-686 (i386, the default), linux-image-686-pae (i386
#                with --pae: PAE paging, so RAM above 4 GiB) or linux-image-amd64 (Debian 12),
#                a bzImage
#   initrd.img   a gzip'd cpio: busybox-static of that architecture, the kernel modules for IDE
#                disks, CD-ROMs,
#                FAT and ISO 9660, and /init, which mounts the usual file systems, loads those
#                modules and starts a shell on the console; DIR's files (--extra) go to /extra
#   disk.img     a 64 MiB hard disk: syslinux's MBR, one bootable FAT16 partition from 1 MiB
#                with syslinux, the kernel and the initrd (sfdisk, mtools, syslinux --offset)
#   linux.iso    an El Torito CD (no emulation) with isolinux, the kernel and the initrd
#   append.txt   the kernel command line the boot loaders use (the serial console)
#   arch         the architecture's name (i386 or amd64), for the tests that check uname -m
#   extra/       a copy of DIR (--extra), for checks against what the guest sees
# Both boot loaders offer the labels `linux` (the default: console on COM1) and `vga` (console
# on the VGA text screen).
#
# The packages are fetched with apt's download command on a private tree of package lists
# (OUTDIR/.apt), so nothing of the host's apt, dpkg or file system changes. Host tools come from
# scripts/setup.sh's guest package list. A second run with the same inputs does nothing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: scripts/make-guest.sh OUTDIR [--arch i386|amd64] [--pae] [--extra DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1
shift
extra=""
arch=i386
pae=0
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || usage; arch=$2; shift 2 ;;
    --pae) pae=1; shift ;;
    --extra) [ $# -ge 2 ] || usage; extra=$(cd "$2" && pwd); shift 2 ;;
    *) usage ;;
  esac
done
# The kernel flavour of each architecture's linux-image metapackage.
case "$arch" in
  i386) flavour=686; [ $pae -eq 0 ] || flavour=686-pae ;;
  amd64) flavour=amd64 ;;
  *) echo "make-guest: unknown architecture '$arch' (i386 or amd64)" >&2; exit 2 ;;
esac
[ $pae -eq 0 ] || [ "$arch" = i386 ] || { echo "make-guest: --pae is for i386" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in apt-get dpkg-deb cpio depmod modprobe gzip sfdisk mformat mcopy syslinux xorriso; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin:/sbin
  command -v "$tool" >/dev/null || { echo "make-guest: $tool is missing (run scripts/setup.sh)" >&2; exit 1; }
done

# Nothing to do when the script and the extra files are those of the last run.
stamp_now=$( { sha256sum "$0"; echo "$arch"; [ $pae -eq 0 ] || echo pae; [ -z "$extra" ] || (cd "$extra" && find . -type f -print0 | sort -z | xargs -0r sha256sum); } | sha256sum)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp_now" ] &&
   [ -f "$out/linux.iso" ] && [ -f "$out/disk.img" ]; then
  exit 0
fi
rm -f "$out/.stamp"

# --- Debian's packages, on a private apt tree --------------------------------------------------
apt_dir=$out/.apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
cat > "$apt_dir/sources.list" <<EOF
deb [arch=$arch] http://deb.debian.org/debian bookworm main
deb [arch=$arch] http://deb.debian.org/debian bookworm-updates main
deb [arch=$arch] http://deb.debian.org/debian-security bookworm-security main
EOF
apt_opts=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache"
          -o Dir::State::status=/dev/null -o APT::Architecture="$arch"
          -o APT::Architectures::="$arch")
# As root, apt downloads as the _apt user, which cannot write here.
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
echo "make-guest: fetching Debian's $arch package lists"
apt-get "${apt_opts[@]}" update -qq
# linux-image-686 (or -amd64) names the current kernel package.
kernel_package=$(apt-cache "${apt_opts[@]}" depends "linux-image-$flavour" |
                 sed -n "s/^ *Depends: \(linux-image-[0-9].*-$flavour\)\$/\1/p" | head -1)
[ -n "$kernel_package" ] || { echo "make-guest: no kernel behind linux-image-$flavour" >&2; exit 1; }
echo "make-guest: downloading $kernel_package and busybox-static"
(cd "$apt_dir/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download -qq "$kernel_package" busybox-static)

work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
pkg=$work/pkg
for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$pkg"; done
kver=$(ls "$pkg/lib/modules")
cp "$pkg/boot/vmlinuz-$kver" "$out/vmlinuz"

# --- the initramfs -----------------------------------------------------------------------------
root=$work/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,mnt,etc,root,extra,lib/modules/"$kver"}
cp "$pkg/bin/busybox" "$root/bin/busybox"
# The modules for the PIIX IDE controller, disks, CD-ROMs and their file systems, with what they
# depend on, loaded in dependency order by /init.
depmod -b "$pkg" "$kver"
modules=(ata_piix sd_mod sr_mod vfat isofs nls_cp437 nls_ascii nls_iso8859-1 nls_utf8)
# On board but not loaded at boot: the bochs DRM driver for the standard VGA (1234:1111), which
# turns the VGA text console into a framebuffer one; `modprobe bochs` loads it with its
# dependencies.
optional_modules=(bochs)
copy_module_tree() {   # copy_module_tree MODULE LIST: MODULE and its dependencies, listed in LIST
  modprobe -d "$pkg" -S "$kver" --show-depends "$1" | while read -r kind path _; do
    [ "$kind" = insmod ] || continue
    rel=${path#"$pkg"/lib/modules/"$kver"/}
    # CPU-accelerated crypto (amd64's crct10dif-pclmul, a soft dependency of the CRC sd_mod
    # uses) refuses to load without its instructions; the generic code serves instead.
    case "$rel" in kernel/arch/x86/crypto/*) continue ;; esac
    grep -qxF "$rel" "$2" "$root/etc/modules.order" 2>/dev/null && continue
    mkdir -p "$root/lib/modules/$kver/$(dirname "$rel")"
    cp "$path" "$root/lib/modules/$kver/$rel"
    echo "$rel" >> "$2"
  done
}
: > "$root/etc/modules.order"
for m in "${modules[@]}"; do copy_module_tree "$m" "$root/etc/modules.order"; done
: > "$work/optional.order"
for m in "${optional_modules[@]}"; do copy_module_tree "$m" "$work/optional.order"; done
cp "$pkg/lib/modules/$kver"/modules.builtin* "$root/lib/modules/$kver/"
cat "$root/etc/modules.order" "$work/optional.order" > "$root/lib/modules/$kver/modules.order"
depmod -b "$root" "$kver"
cat > "$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
while read -r module; do insmod "/lib/modules/$(uname -r)/$module"; done < /etc/modules.order
hostname morph86
echo "morph86 guest: $(uname -r) ready"
exec setsid cttyhack sh -l
EOF
chmod 755 "$root/init"
echo 'export PS1="\h:\w# "' > "$root/etc/profile"
rm -rf "$out/extra"
if [ -n "$extra" ]; then
  cp -a "$extra/." "$root/extra/"
  cp -a "$extra" "$out/extra"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -9n > "$out/initrd.img"

# --- the boot loaders' configuration -------------------------------------------------------------
append_serial="console=ttyS0 panic=-1"
append_vga="console=tty0 panic=-1"
echo "$append_serial" > "$out/append.txt"
echo "$arch" > "$out/arch"
loader_config() {   # the same for syslinux and isolinux
  cat <<EOF
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND $append_serial
LABEL vga
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND $append_vga
EOF
}

# --- the hard disk: MBR, one FAT16 partition from sector 2048 ------------------------------------
syslinux_dir=/usr/lib/syslinux
disk=$work/disk.img
disk_mib=64
partition_offset=$((2048 * 512))
partition_sectors=$((disk_mib * 2048 - 2048))
truncate -s "${disk_mib}M" "$disk"
echo "start=2048, size=$partition_sectors, type=6, bootable" | sfdisk -q "$disk" >/dev/null
mformat -i "$disk@@$partition_offset" -T "$partition_sectors" -h 16 -s 63 -H 2048 -v MORPH86 ::
loader_config > "$work/syslinux.cfg"
mcopy -i "$disk@@$partition_offset" "$out/vmlinuz" "$out/initrd.img" "$work/syslinux.cfg" ::
syslinux --install --offset "$partition_offset" "$disk"
dd if="$syslinux_dir/mbr/mbr.bin" of="$disk" bs=440 count=1 conv=notrunc status=none
mv "$disk" "$out/disk.img"

# --- the CD: El Torito, no emulation, isolinux ---------------------------------------------------
iso=$work/iso
mkdir -p "$iso/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin "$syslinux_dir/modules/bios/ldlinux.c32" "$iso/isolinux/"
loader_config > "$iso/isolinux/isolinux.cfg"
cp "$out/vmlinuz" "$out/initrd.img" "$iso/"
xorriso -as mkisofs -quiet -o "$out/linux.iso" -V MORPH86 -J -R \
  -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
  -boot-info-table "$iso" 2>/dev/null

echo "$stamp_now" > "$out/.stamp"
echo "make-guest: $out: vmlinuz ($kver), initrd.img, disk.img, linux.iso"
