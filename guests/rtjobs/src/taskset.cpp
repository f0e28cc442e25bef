// Task-set parsing (see rtjobs/taskset.h).
#include "rtjobs/taskset.h"

#include "domcfg/values.h"
#include "support/text.h"

namespace rtjobs {

support::Status parse_tasks(std::string_view text, std::span<TaskSpec> out, std::size_t& n) {
  n = 0;
  std::size_t count = 0;
  bool explicit_priority = false, implicit_priority = false;
  std::string_view rest = text;
  if (rest.empty()) return support::make_error(support::Errc::invalid, "no tasks given");
  while (!rest.empty()) {
    std::string_view item = support::next_token(rest, ',');
    if (count == out.size() || count == kMaxTasks)
      return support::make_error(support::Errc::range, "too many tasks (at most 8)");
    TaskSpec t;
    std::string_view period = support::next_token(item, ':');
    std::string_view wcet = support::next_token(item, ':');
    std::string_view jobs = support::next_token(item, ':');
    std::string_view prio = support::next_token(item, ':');
    if (period.empty() || wcet.empty() || jobs.empty() || !item.empty())
      return support::make_error(support::Errc::invalid, "a task is period:wcet:count[:priority]");
    if (!domcfg::parse_duration_ns(period, t.period_ns).ok() || t.period_ns == 0)
      return support::make_error(support::Errc::invalid, "bad task period");
    if (!domcfg::parse_duration_ns(wcet, t.wcet_ns).ok() || t.wcet_ns == 0)
      return support::make_error(support::Errc::invalid, "bad task wcet");
    if (t.wcet_ns > t.period_ns)
      return support::make_error(support::Errc::range, "task wcet > period");
    std::uint64_t v = 0;
    if (!support::parse_u64(jobs, v, kMaxJobs) || v == 0)
      return support::make_error(support::Errc::invalid, "bad task count (1 to 100000)");
    t.count = static_cast<std::uint32_t>(v);
    if (!prio.empty()) {
      if (!support::parse_u64(prio, v, 255))
        return support::make_error(support::Errc::invalid, "bad task priority");
      t.priority = static_cast<std::uint32_t>(v);
      explicit_priority = true;
    } else {
      implicit_priority = true;
    }
    out[count++] = t;
  }
  if (explicit_priority && implicit_priority)
    return support::make_error(support::Errc::invalid, "give a priority to every task or to none");
  if (implicit_priority) {
    // Rate monotonic: rank by period (ties by position).
    for (std::size_t i = 0; i < count; ++i) {
      std::uint32_t rank = 0;
      for (std::size_t j = 0; j < count; ++j)
        if (out[j].period_ns < out[i].period_ns || (out[j].period_ns == out[i].period_ns && j < i))
          ++rank;
      out[i].priority = rank;
    }
  }
  n = count;
  return support::Status::success();
}

}  // namespace rtjobs
