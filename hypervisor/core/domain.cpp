// Domain building and teardown (see hv/domain.h): guest memory in 2 MiB
// runs where the allocator has them (4 KiB otherwise), mapped by the
// domain's EPT; the kernel's ELF segments copied in; a PVH start_info with
// a memory map and the command line; the shared-info page; one VMCS per
// vCPU set up for PVH entry. The table lock serializes build/destroy and
// orders get()'s reference count against try_destroy().
#include "hv/domain.h"

#include <new>

#include "arch/vmcs.h"
#include "elf/elf_image.h"
#include "hv/log.h"
#include "hv/memory.h"
#include "hv/percpu.h"
#include "mm/populator.h"
#include "support/spinlock.h"
#include "tactus/shared_info.h"
#include "tactus/start_info.h"

namespace hv {
namespace {

constexpr std::uint64_t kMaxCmdline = 0x7ff;

Domain g_domains[kMaxDomains];
std::atomic<bool> g_used[kMaxDomains];
IrqSpinLock g_table_lock;

// EPT tables come from the frame allocator; the identity map reaches them.
class FrameTables final : public ept::TableMemory {
 public:
  support::Result<std::uint64_t> alloc_table() override {
    auto f = memory::alloc_frames(1);
    if (f.ok()) {
      auto* t = reinterpret_cast<std::uint64_t*>(*f);
      for (unsigned i = 0; i < 512; ++i) t[i] = 0;
    }
    return f;
  }
  void free_table(std::uint64_t phys) override { (void)memory::free_frames(phys, 1); }
  std::uint64_t* table(std::uint64_t phys) override {
    return reinterpret_cast<std::uint64_t*>(phys);
  }
};
FrameTables g_tables;
bool g_building[kMaxDomains];
std::uint32_t g_building_id[kMaxDomains];
char g_building_name[kMaxDomains][kMaxNameLength + 1];

bool id_reserved(std::uint32_t id) {
  for (std::uint32_t i = 0; i < kMaxDomains; ++i)
    if (g_building[i] && g_building_id[i] == id) return true;
  return false;
}

bool same_name(const char* a, std::string_view b) {
  std::size_t i = 0;
  for (; i < b.size(); ++i)
    if (a[i] != b[i]) return false;
  return a[i] == '\0';
}

// Names are unique among the domains built, being built and not yet reaped.
bool name_taken_locked(std::string_view name) {
  for (std::uint32_t i = 0; i < kMaxDomains; ++i)
    if ((g_used[i].load(std::memory_order_acquire) && same_name(g_domains[i].name, name)) ||
        (g_building[i] && same_name(g_building_name[i], name)))
      return true;
  return false;
}

Domain* find_locked(std::uint32_t id) {
  for (std::uint32_t i = 0; i < kMaxDomains; ++i)
    if (g_used[i].load(std::memory_order_acquire) && g_domains[i].id == id) return &g_domains[i];
  return nullptr;
}

void zero(std::uint64_t hpa, std::uint64_t bytes) {
  auto* p = reinterpret_cast<std::uint64_t*>(hpa);
  for (std::uint64_t i = 0; i < bytes / 8; ++i) p[i] = 0;
}

void copy_name(char (&out)[kMaxNameLength + 1], std::string_view name) {
  std::size_t n = name.size() < kMaxNameLength ? name.size() : kMaxNameLength;
  for (std::size_t i = 0; i < n; ++i) out[i] = name[i];
  out[n] = '\0';
}

void release_memory(Domain& d) {
  d.ept.destroy();
  for (std::uint32_t i = 0; i < d.run_count; ++i)
    (void)memory::free_frames(d.runs[i].host_physical, d.runs[i].bytes / mm::kFrameSize);
  d.run_count = 0;
  for (Vcpu& v : d.vcpus) {
    if (v.vmcs_frame != 0) (void)memory::free_frames(v.vmcs_frame, 1);
    v.vmcs_frame = 0;
  }
}

// Creates vCPU i's VMCS for a PVH entry at `entry`, leaving it clear (not
// current on any CPU); the VMCS that was current here is made current again.
support::Status create_vcpu(Domain& d, std::uint32_t i, std::uint32_t entry, std::uint16_t vpid) {
  Vcpu& v = d.vcpus[i];
  v.domain = &d;
  v.index = i;
  v.sched.~Vcpu();
  new (&v.sched) sched::Vcpu(d.id, i, &v);
  arch::fpu_reset_area(v.fpu);
  auto vmcs = memory::alloc_frames(1);
  if (!vmcs.ok()) return vmcs.status();
  v.vmcs_frame = *vmcs;
  const arch::vmx::Capabilities& caps = this_cpu().vmx;
  std::uint64_t previous = arch::vmx::current_vmcs();
  auto st = arch::vmx::create_vmcs(v.ctx, caps, v.vmcs_frame);
  if (st.ok()) {
    arch::vmx::PvhEntry e;
    e.entry_point = entry;
    e.start_info = static_cast<std::uint32_t>(kStartInfoGpa);
    e.ept_pointer = d.ept.pointer();
    e.vpid = vpid;
    st = arch::vmx::setup_pvh(caps, e);
  }
  if (st.ok()) st = arch::vmx::clear(v.ctx);
  if (previous != ~0ull) (void)arch::vmx::load_pointer(previous);
  v.ctx.regs.rbx = kStartInfoGpa;
  v.ctx.regs.rsi = i;  // vCPU index, for guests that start several
  return st;
}

support::Status init_shared_info(Domain& d) {
  auto page = d.guest_bytes(kSharedInfoGpa, sizeof(tactus::abi::SharedInfo));
  if (!page.ok())
    return support::make_error(support::Errc::fault, "shared-info page not in guest memory");
  d.shared_info_page = reinterpret_cast<tactus::abi::SharedInfo*>(*page);
  tactus::abi::SharedInfo& si = d.shared_info();
  for (auto& w : si.evtchn_mask) w = 0;
  for (auto& w : si.evtchn_pending) w = 0;
  d.events = new (d.event_storage) hcall::EventTable(si);
  return support::Status::success();
}

// The lowest id not in use (0 only for a privileged domain): ids are reused
// after a domain is reaped, so they stay small for the routers' tables.
std::uint32_t free_id_locked(bool privileged) {
  for (std::uint32_t id = privileged ? 0 : 1;; ++id)
    if (find_locked(id) == nullptr && !id_reserved(id)) return id;
}

// Frames a domain of `bytes` needs beyond its RAM: EPT tables (one per
// 2 MiB at worst, plus the upper levels) and one VMCS per vCPU.
std::uint64_t overhead_frames(std::uint64_t bytes) { return bytes / ept::kPage2M + 4 + kMaxVcpus; }

// Records [gpa, gpa + size) at host `hpa`, extending the last run when both
// addresses continue it (the allocator hands out ascending frames), so the
// run table limits fragmentation, not size.
support::Status add_run(Domain& d, std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) {
  if (d.run_count != 0) {
    MemoryRun& last = d.runs[d.run_count - 1];
    if (last.guest_physical + last.bytes == gpa && last.host_physical + last.bytes == hpa) {
      last.bytes += size;
      return support::Status::success();
    }
  }
  if (d.run_count == kMaxMemoryRuns) {
    (void)memory::free_frames(hpa, size / mm::kFrameSize);
    return support::make_error(support::Errc::no_memory,
                               "free memory too fragmented (more than 128 separate runs)");
  }
  d.runs[d.run_count++] = {gpa, hpa, size};
  return support::Status::success();
}

// A domain's memory for mm::Populator: the frame allocator, its run table
// (add_run) and its EPT.
class DomainFrames final : public mm::PopulateTarget {
 public:
  explicit DomainFrames(Domain& d) : d_(d) {}
  support::Result<std::uint64_t> alloc(std::uint64_t size) override {
    return size == ept::kPage2M ? memory::alloc_frames(512, 512) : memory::alloc_frames(1);
  }
  support::Status record(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) override {
    return add_run(d_, gpa, hpa, size);
  }
  void zero(std::uint64_t hpa, std::uint64_t bytes) override { hv::zero(hpa, bytes); }
  support::Status map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) override {
    return d_.ept.map(gpa, hpa, size, ept::rwx);
  }

 private:
  Domain& d_;
};

std::uint32_t slot_of(const Domain& d) { return static_cast<std::uint32_t>(&d - g_domains); }

// Copies `len` bytes to guest-physical `gpa` (possibly across pages).
support::Status copy_to_guest(Domain& d, std::uint64_t gpa, const std::uint8_t* src,
                              std::uint64_t len) {
  while (len > 0) {
    auto t = d.ept.translate(gpa);
    if (!t.ok()) return support::make_error(support::Errc::fault, "guest address not mapped");
    std::uint64_t in_page = t->page_size - (gpa & (t->page_size - 1));
    std::uint64_t n = len < in_page ? len : in_page;
    auto* dst = reinterpret_cast<std::uint8_t*>(t->host_physical);
    for (std::uint64_t i = 0; i < n; ++i) dst[i] = src[i];
    gpa += n, src += n, len -= n;
  }
  return support::Status::success();
}

support::Status load_kernel(Domain& d, const DomainSpec& spec, std::uint32_t& entry,
                            std::uint64_t& kernel_end) {
  elf::Image img;
  auto st = elf::parse(spec.kernel, d.memory_bytes, img);
  if (!st.ok()) return st;
  if (img.lowest < kFirstKernelGpa)
    return support::make_error(support::Errc::range,
                               "kernel overlaps the start_info or shared-info page");
  for (std::size_t i = 0; i < img.segment_count; ++i) {
    const elf::Segment& s = img.segments[i];
    st = copy_to_guest(d, s.guest_physical, spec.kernel.data() + s.file_offset, s.file_size);
    if (!st.ok()) return st;  // memory beyond file_size is already zero
  }
  entry = static_cast<std::uint32_t>(img.entry);
  kernel_end = img.highest;
  return support::Status::success();
}

// Copies the modules to the top of guest memory (page-aligned, top down)
// and writes their list and names below the command line.
support::Status write_modules(Domain& d, std::span<const SpecModule> modules,
                              std::uint64_t kernel_end) {
  if (modules.size() > kMaxSpecModules)
    return support::make_error(support::Errc::range, "more than 16 modules");
  tactus::abi::ModuleEntry list[kMaxSpecModules] = {};
  std::uint64_t top = d.memory_bytes, names = kModNamesGpa;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    std::uint64_t size = modules[i].bytes.size();
    std::uint64_t at = (top - size) & ~std::uint64_t{0xfff};
    if (size > top || at < ((kernel_end + 0xfff) & ~std::uint64_t{0xfff}))
      return support::make_error(support::Errc::no_memory, "modules do not fit above the kernel");
    if (names + modules[i].name.size() + 1 > kCmdlineGpa)
      return support::make_error(support::Errc::range, "module names longer than 512 bytes");
    auto st = copy_to_guest(d, at, modules[i].bytes.data(), size);
    if (st.ok())
      st = copy_to_guest(d, names, reinterpret_cast<const std::uint8_t*>(modules[i].name.data()),
                         modules[i].name.size());
    if (!st.ok()) return st;
    list[i] = {at, size, names, 0};
    names += modules[i].name.size() + 1;  // the NUL is already there
    top = at;
  }
  return copy_to_guest(d, kModlistGpa, reinterpret_cast<const std::uint8_t*>(list),
                       sizeof(list[0]) * modules.size());
}

support::Status write_start_info(Domain& d, std::string_view cmdline, std::uint32_t nr_modules) {
  if (cmdline.size() > kMaxCmdline)
    return support::make_error(support::Errc::range, "command line longer than 2047 bytes");
  tactus::abi::MemmapEntry map[1] = {{0, d.memory_bytes, 1, 0}};
  tactus::abi::StartInfo si{};
  si.magic = tactus::abi::kStartInfoMagic;
  si.version = 1;
  si.cmdline_paddr = kCmdlineGpa;
  si.memmap_paddr = kStartInfoGpa + sizeof(si);
  si.memmap_entries = 1;
  si.nr_modules = nr_modules;
  si.modlist_paddr = nr_modules != 0 ? kModlistGpa : 0;
  auto st = copy_to_guest(d, kStartInfoGpa, reinterpret_cast<const std::uint8_t*>(&si), sizeof si);
  if (st.ok())
    st = copy_to_guest(d, si.memmap_paddr, reinterpret_cast<const std::uint8_t*>(map), sizeof map);
  if (st.ok())
    st = copy_to_guest(d, kCmdlineGpa, reinterpret_cast<const std::uint8_t*>(cmdline.data()),
                       cmdline.size());
  return st;  // the byte after the command line is already zero
}

}  // namespace

support::Result<std::uint8_t*> Domain::guest_bytes(std::uint64_t gpa, std::uint64_t len) {
  if (len == 0 || gpa >= memory_bytes || len > memory_bytes - gpa)
    return support::make_error(support::Errc::fault, "outside the domain's memory");
  auto t = ept.translate(gpa);
  if (!t.ok()) return support::make_error(support::Errc::fault, "not mapped");
  if ((gpa & (t->page_size - 1)) + len > t->page_size)
    return support::make_error(support::Errc::fault, "buffer crosses a page boundary");
  return reinterpret_cast<std::uint8_t*>(t->host_physical);
}

namespace domains {

support::Result<Domain*> begin_build(const DomainSpec& spec) {
  if (spec.name.empty() || spec.name.size() > kMaxNameLength)
    return support::make_error(support::Errc::invalid, "domain name must be 1 to 31 characters");
  if (spec.memory_bytes < (2ull << 20) || (spec.memory_bytes & (mm::kFrameSize - 1)) != 0)
    return support::make_error(support::Errc::invalid,
                               "memory must be at least 2 MiB, in whole pages");
  if (spec.vcpus == 0 || spec.vcpus > kMaxVcpus)
    return support::make_error(support::Errc::invalid, "a domain has 1 to 8 vCPUs");
  std::uint32_t slot = kMaxDomains, id = 0;
  {
    // Reserve a slot and an id; the slow memory work runs without the lock.
    IrqGuard table(g_table_lock);
    for (std::uint32_t i = 0; i < kMaxDomains; ++i)
      if (!g_used[i].load(std::memory_order_acquire) && !g_building[i]) {
        slot = i;
        break;
      }
    if (slot == kMaxDomains)
      return support::make_error(support::Errc::no_space, "too many domains");
    if (name_taken_locked(spec.name))
      return support::make_error(support::Errc::exists, "a domain of that name exists");
    id = free_id_locked(spec.privileged);
    g_building[slot] = true;
    g_building_id[slot] = id;
    copy_name(g_building_name[slot], spec.name);
  }

  Domain& d = *new (&g_domains[slot]) Domain();
  copy_name(d.name, spec.name);
  d.memory_bytes = spec.memory_bytes;
  d.id = id;
  d.privileged = spec.privileged;
  d.populator = mm::Populator(d.memory_bytes);
  // Free memory is checked first, so a request that cannot fit costs nothing.
  support::Status st =
      memory::free_frame_count() < d.memory_bytes / mm::kFrameSize + overhead_frames(d.memory_bytes)
          ? support::make_error(support::Errc::no_memory, "not enough free memory")
          : d.ept.init(g_tables);
  if (!st.ok()) {
    abandon_build(d);
    return st.error();
  }
  return &d;
}

support::Result<bool> populate_step(Domain& d, std::uint64_t max_bytes) {
  DomainFrames frames(d);
  auto done = d.populator.step(frames, max_bytes);
  if (!done.ok()) abandon_build(d);
  return done;
}

void abandon_build(Domain& d) {
  release_memory(d);
  IrqGuard table(g_table_lock);
  g_building[slot_of(d)] = false;
}

support::Result<Domain*> finish_build(Domain& d, const DomainSpec& spec) {
  auto fail = [&](support::Status st) -> support::Result<Domain*> {
    abandon_build(d);
    return st.error();
  };
  if (spec.vcpus == 0 || spec.vcpus > kMaxVcpus)
    return fail(support::make_error(support::Errc::invalid, "a domain has 1 to 8 vCPUs"));
  std::uint32_t entry = 0;
  std::uint64_t kernel_end = 0;
  auto st = load_kernel(d, spec, entry, kernel_end);
  if (!st.ok()) return fail(st);
  st = write_modules(d, spec.modules, kernel_end);
  if (!st.ok()) return fail(st);
  st = write_start_info(d, spec.cmdline, static_cast<std::uint32_t>(spec.modules.size()));
  if (!st.ok()) return fail(st);

  st = init_shared_info(d);
  if (!st.ok()) return fail(st);
  d.sched.~Domain();
  new (&d.sched) sched::Domain(d.id);
  const arch::vmx::Capabilities& caps = this_cpu().vmx;
  std::uint32_t slot = slot_of(d);
  for (std::uint32_t i = 0; i < spec.vcpus; ++i) {
    auto vpid = caps.vpid ? static_cast<std::uint16_t>(slot * kMaxVcpus + i + 1) : std::uint16_t{0};
    st = create_vcpu(d, i, entry, vpid);
    if (!st.ok()) return fail(st);
    d.vcpu_count = i + 1;
  }
  d.state = DomainState::running;
  IrqGuard table(g_table_lock);
  g_building[slot] = false;
  g_used[slot].store(true, std::memory_order_release);
  return &d;
}

support::Result<Domain*> build(const DomainSpec& spec) {
  auto d = begin_build(spec);
  if (!d.ok()) return d;
  for (;;) {
    auto done = populate_step(**d, ~std::uint64_t{0});
    if (!done.ok()) return done.error();
    if (*done) return finish_build(**d, spec);
  }
}

bool try_destroy(Domain& d) {
  IrqGuard table(g_table_lock);
  // get() counts under this lock: once the slot is unpublished here with no
  // reference left, nobody can take a new one.
  if (d.refs.load(std::memory_order_acquire) != 0) return false;
  for (std::uint32_t i = 0; i < kMaxDomains; ++i)
    if (&g_domains[i] == &d) g_used[i].store(false, std::memory_order_release);
  release_memory(d);
  d.shared_info_page = nullptr;
  return true;
}

void destroy(Domain& d) {
  while (!try_destroy(d)) support::cpu_relax();
}

Ref get(std::uint32_t id) {
  IrqGuard table(g_table_lock);
  Domain* d = find_locked(id);
  if (d == nullptr) return Ref();
  d->refs.fetch_add(1, std::memory_order_relaxed);
  return Ref(d);
}

Domain* find(std::uint32_t id) {
  IrqGuard table(g_table_lock);
  return find_locked(id);
}

std::uint32_t count() {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < kMaxDomains; ++i) n += g_used[i].load(std::memory_order_acquire);
  return n;
}

namespace detail {
Domain* slot(std::uint32_t i) {
  return i < kMaxDomains && g_used[i].load(std::memory_order_acquire) ? &g_domains[i] : nullptr;
}
}  // namespace detail

}  // namespace domains
}  // namespace hv
