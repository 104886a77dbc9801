// The fields of the devices' state structs, listed once for visitors (cpu/state_digest.h). Keep
// each list in step with its struct: a field missing here is invisible to digests.
#pragma once
#include "devices/acpi/piix4_pm.h"
#include "devices/apic/io_apic.h"
#include "devices/apic/local_apic.h"
#include "devices/dma/dma8237.h"
#include "devices/floppy/fdc82077.h"
#include "devices/fw_cfg/fw_cfg.h"
#include "devices/ide/ata_channel.h"
#include "devices/ide/bus_master.h"
#include "devices/ide/piix3_ide.h"
#include "devices/kbc/i8042.h"
#include "devices/kbc/ps2_device.h"
#include "devices/kbc/ps2_keyboard.h"
#include "devices/kbc/ps2_mouse.h"
#include "devices/pc/system_ports.h"
#include "devices/pci/pci_function.h"
#include "devices/pci/pci_host.h"
#include "devices/pic/dual_pic.h"
#include "devices/pit/pit.h"
#include "devices/rtc/rtc.h"
#include "devices/uart/uart.h"
#include "devices/vga/vga_state.h"

namespace m86 {

template <typename V> void VisitFields(V& v, const PicChipState& s) {
  v(s.irr);
  v(s.isr);
  v(s.imr);
  v(s.lines);
  v(s.level_mask);
  v(s.vector_base);
  v(s.icw3);
  v(s.init_step);
  v(s.lowest_priority);
  v(s.ltim);
  v(s.single);
  v(s.icw4_needed);
  v(s.auto_eoi);
  v(s.sfnm);
  v(s.rotate_on_aeoi);
  v(s.special_mask);
  v(s.poll);
  v(s.read_isr);
}

template <typename V> void VisitFields(V& v, const DualPicState& s) {
  v(s.master);
  v(s.slave);
  v(s.elcr);
  v(s.intr);
}

template <typename V> void VisitFields(V& v, const PitSegment& s) {
  v(s.start);
  v(s.n);
  v(s.start_low);
  v(s.done);
}

template <typename V> void VisitFields(V& v, const PitCounterState& s) {
  v(s.mode);
  v(s.rw);
  v(s.bcd);
  v(s.gate);
  v(s.cr);
  v(s.cr_lsb_written);
  v(s.read_msb_next);
  v(s.count_latched);
  v(s.latch);
  v(s.status_latched);
  v(s.status);
  v(s.null_count);
  v(s.null_until);
  v(s.active);
  v(s.seg);
  v(s.pending);
  v(s.pending_at);
  v(s.next);
  v(s.hold);
  v(s.idle_out);
  v(s.paused_done);
  v(s.armed);
  v(s.out_before);
}

template <typename V> void VisitFields(V& v, const PitState& s) {
  v(s.counter);
  v(s.port_b);
  v(s.irq0);
}

template <typename V> void VisitFields(V& v, const RtcState& s) {
  v(s.ram);
  v(s.index);
  v(s.nmi_masked);
  v(s.next_update_ns);
  v(s.periodic_origin_ns);
  v(s.pf_checked_ns);
}

template <typename V> void VisitFields(V& v, const UartState& s) {
  v(s.rx_fifo);
  v(s.rx_err);
  v(s.rx_head);
  v(s.rx_count);
  v(s.tx_fifo);
  v(s.tx_head);
  v(s.tx_count);
  v(s.tsr);
  v(s.tsr_busy);
  v(s.last_rbr);
  v(s.ier);
  v(s.lcr);
  v(s.mcr);
  v(s.scr);
  v(s.dll);
  v(s.dlm);
  v(s.fifo_enabled);
  v(s.rx_trigger);
  v(s.overrun);
  v(s.thre_pending);
  v(s.timeout_pending);
  v(s.msr);
  v(s.modem_inputs);
  v(s.tx_done_ns);
  v(s.timeout_ns);
  v(s.timeout_armed);
}

template <typename V> void VisitFields(V& v, const Ps2ByteQueue& q) {
  v(q.bytes);
  v(q.head);
  v(q.count);
}

template <typename V> void VisitFields(V& v, const Ps2KeyboardState& s) {
  v(s.out);
  v(s.last_sent);
  v(s.pending_command);
  v(s.scanning);
  v(s.scancode_set);
  v(s.typematic);
  v(s.leds);
  v(s.repeat_key);
  v(s.repeat_at);
}

template <typename V> void VisitFields(V& v, const Ps2MouseState& s) {
  v(s.out);
  v(s.last_sent);
  v(s.pending_command);
  v(s.enabled);
  v(s.remote);
  v(s.wrap);
  v(s.scaling_2to1);
  v(s.resolution);
  v(s.sample_rate);
  v(s.device_id);
  v(s.rate_history);
  v(s.buttons);
  v(s.dx);
  v(s.dy);
  v(s.dz);
  v(s.dirty);
}

template <typename V> void VisitFields(V& v, const I8042State& s) {
  v(s.ram);
  v(s.output_buffer);
  v(s.status);
  v(s.output_port);
  v(s.pending_command);
  v(s.break_prefix);
  v(s.reply);
  v(s.reply_count);
  v(s.irq1_level);
  v(s.irq12_level);
}

template <typename V> void VisitFields(V& v, const DmaChannelState& s) {
  v(s.base_address);
  v(s.base_count);
  v(s.current_address);
  v(s.current_count);
  v(s.mode);
}

template <typename V> void VisitFields(V& v, const DmaChipState& s) {
  v(s.channels);
  v(s.command);
  v(s.status);
  v(s.request);
  v(s.mask);
  v(s.temporary);
  v(s.flip_flop);
}

template <typename V> void VisitFields(V& v, const DmaState& s) {
  v(s.chips);
  v(s.pages);
}

template <typename V> void VisitFields(V& v, const FdcDriveState& s) {
  v(s.cylinder);
  v(s.disk_changed);
  v(s.seeking);
  v(s.seek_interrupt);
  v(s.seek_st0);
}

template <typename V> void VisitFields(V& v, const FdcState& s) {
  v(s.dor);
  v(s.tdr);
  v(s.data_rate);
  v(s.dsr);
  v(s.phase);
  v(s.command);
  v(s.command_len);
  v(s.command_need);
  v(s.result);
  v(s.result_len);
  v(s.result_pos);
  v(s.irq_pending);
  v(s.irq_level);
  v(s.drives);
  v(s.srt_hut);
  v(s.hlt_nd);
  v(s.config);
  v(s.pretrk);
  v(s.lock);
  v(s.last_eot);
  v(s.perpendicular);
}

template <typename V> void VisitFields(V& v, const LocalApicState& s) {
  v(s.id);
  v(s.tpr);
  v(s.ldr);
  v(s.dfr);
  v(s.svr);
  for (uint32_t w : s.isr) v(w);
  for (uint32_t w : s.irr) v(w);
  for (uint32_t w : s.tmr) v(w);
  v(s.esr);
  v(s.esr_pending);
  for (uint32_t e : s.lvt) v(e);
  v(s.icr_low);
  v(s.icr_high);
  v(s.timer_initial);
  v(s.timer_divide);
  v(s.timer_start_ns);
  v(s.timer_running);
  v(s.tsc_deadline);
  v(s.tsc_deadline_ns);
}

template <typename V> void VisitFields(V& v, const IoApicState& s) {
  v(s.select);
  v(s.id);
  for (uint64_t e : s.redirection) v(e);
  v(s.pin_levels);
}

template <typename V> void VisitFields(V& v, const Piix4PmState& s) {
  v(s.pm1_status);
  v(s.pm1_enable);
  v(s.pm1_control);
  v(s.mapped_base);
  v(s.sci);
}

template <typename V> void VisitFields(V& v, const FwCfgState& s) {
  v(s.selector);
  v(s.offset);
  v(s.dma_address_high);
  v(s.dma_address_low);
}

template <typename V> void VisitFields(V& v, const PciHostState& s) { v(s.config_address); }

template <typename V> void VisitFields(V& v, const PciConfigState& s) {
  for (uint8_t b : s.bytes) v(b);
}

template <typename V> void VisitFields(V& v, const SystemPortsState& s) {
  v(s.port92);
  v(s.cf9);
}

// VGA registers; video memory goes in as bytes by the caller (it is large).
template <typename V> void VisitFields(V& v, const VgaState& s) {
  v(s.misc_output);
  v(s.feature_control);
  v(s.video_enable);
  v(s.seq_index);
  v(s.seq);
  v(s.crtc_index);
  v(s.crtc);
  v(s.gc_index);
  v(s.gc);
  v(s.attr_index);
  v(s.attr_flipflop_data);
  v(s.attr);
  v(s.dac);
  v(s.dac_mask);
  v(s.dac_read_index);
  v(s.dac_write_index);
  v(s.dac_component);
  v(s.dac_reading);
  v(s.dac_write_latch);
  v(s.latch);
  v(s.vbe_index);
  v(s.vbe_id);
  v(s.vbe_xres);
  v(s.vbe_yres);
  v(s.vbe_bpp);
  v(s.vbe_enable);
  v(s.vbe_bank);
  v(s.vbe_virt_width);
  v(s.vbe_virt_height);
  v(s.vbe_x_offset);
  v(s.vbe_y_offset);
}

template <typename V> void VisitFields(V& v, const AtaTaskFile& s) {
  v(s.features);
  v(s.sector_count);
  v(s.lba_low);
  v(s.lba_mid);
  v(s.lba_high);
  v(s.prev_features);
  v(s.prev_sector_count);
  v(s.prev_lba_low);
  v(s.prev_lba_mid);
  v(s.prev_lba_high);
  v(s.device);
}

template <typename V> void VisitFields(V& v, const AtaDeviceState& s) {
  v(s.tf);
  v(s.status);
  v(s.error);
  v(s.irq_pending);
  v(s.phase);
  v(s.command);
  v(s.lba);
  v(s.units_left);
  v(s.bytes_left);
  v(s.buffered);
  v(s.block_sectors);
  v(s.multiple);
  v(s.cur_cylinders);
  v(s.cur_heads);
  v(s.cur_sectors);
  v(s.write_cache);
  v(s.transfer_mode);
  v(s.sense_key);
  v(s.asc);
  v(s.ascq);
  v(s.unit_attention);
  v(s.media_event);
  v(s.locked);
  v(s.packet_dma);
  v(s.byte_limit);
  v(s.cdb);
}

template <typename V> void VisitFields(V& v, const AtaChannelState& s) {
  v(s.devices);
  v(s.control);
  v(s.selected);
  v(s.irq_level);
  v(s.window_first);
  v(s.window_pos);
  v(s.window_end);
  v(s.buffer);
}

template <typename V> void VisitFields(V& v, const BusMasterState& s) {
  v(s.command);
  v(s.status);
  v(s.prd_table);
  v(s.prd_next);
  v(s.region_address);
  v(s.region_left);
  v(s.table_done);
  v(s.transfer_due);
  v(s.transfer_at);
}

template <typename V> void VisitFields(V& v, const Piix3IdeState& s) {
  v(s.legacy_decoded);
  v(s.bm_base);
}

}  // namespace m86
