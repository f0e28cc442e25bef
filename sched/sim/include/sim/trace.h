// Chrome / Perfetto trace JSON ("Trace Event Format") of a simulated
// schedule: one process "pCPUs" with a track (thread) per pCPU showing which
// vCPU ran, and one process "vCPUs" with a track per vCPU showing which job
// it executed, plus instant markers for deadline misses. Open the file in
// ui.perfetto.dev or chrome://tracing. Timestamps are in microseconds with
// nanosecond decimals. Owned by the engine; no locking.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/time.h"

namespace sim {

class TraceWriter {
 public:
  explicit TraceWriter(std::ostream& out);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Track names (metadata); call before the slices of that track.
  void name_pcpu(std::uint32_t cpu);
  void name_vcpu(std::uint32_t vcpu, const std::string& label);
  // A slice [start, end) on a pCPU track / on a vCPU track.
  void pcpu_slice(std::uint32_t cpu, const std::string& label, Time start, Time end);
  void vcpu_slice(std::uint32_t vcpu, const std::string& label, Time start, Time end);
  // An instant marker (e.g. "miss dom3/t2#14") on a vCPU track.
  void vcpu_instant(std::uint32_t vcpu, const std::string& label, Time at);
  // Closes the JSON document (also done by the destructor).
  void finish();
  std::uint64_t events() const { return events_; }

 private:
  void begin_event();
  void slice(int pid, std::uint32_t tid, const std::string& label, Time start, Time end);

  std::ostream& out_;
  bool first_ = true;
  bool finished_ = false;
  std::uint64_t events_ = 0;
};

// JSON string escaping (quotes, backslash, control characters).
std::string json_escape(const std::string& s);
// ns -> "us.nnn" without floating-point rounding.
std::string trace_us(Time ns);

}  // namespace sim
