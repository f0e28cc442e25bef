// OrderedVcpus: the list and tree representations keep the same order,
// including members with equal keys, and switching keeps it too.
#include "ordered_vcpus.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

namespace sched::detail {
namespace {

struct ByKey {  // equal keys are allowed (like the timer order)
  bool operator()(const Vcpu& a, const Vcpu& b) const { return a.state.key < b.state.key; }
};

std::vector<std::uint32_t> order_of(const OrderedVcpus<ByKey>& set) {
  std::vector<std::uint32_t> ids;
  for (const Vcpu& v : set) ids.push_back(v.domain_id());
  return ids;
}

// Keys by domain id: 1:5 2:3 3:5 4:1 5:3 6:9, inserted in id order. Equal
// keys keep insertion order: 4(1) 2(3) 5(3) 1(5) 3(5) 6(9).
TEST(OrderedVcpus, ListAndTreeIterateAlikeAndSwitchingKeepsTheOrder) {
  const std::uint64_t keys[] = {5, 3, 5, 1, 3, 9};
  const std::vector<std::uint32_t> expected = {4, 2, 5, 1, 3, 6};
  for (bool tree : {false, true}) {
    std::deque<Vcpu> vs;  // stable addresses: members are linked
    for (std::uint32_t i = 0; i < 6; ++i) vs.emplace_back(i + 1, 0);
    OrderedVcpus<ByKey> set;
    set.use_tree(tree);
    for (std::size_t i = 0; i < 6; ++i) {
      vs[i].state.key = keys[i];
      set.insert(vs[i]);
    }
    EXPECT_EQ(set.tree_mode(), tree);
    EXPECT_EQ(order_of(set), expected);
    set.use_tree(!tree);
    EXPECT_EQ(order_of(set), expected);
    EXPECT_EQ(set.size(), 6u);
    // Removing the head and a middle member, then re-inserting one with a
    // key equal to others: it goes after them.
    set.erase(vs[3]);  // id 4
    set.erase(vs[4]);  // id 5
    vs[3].state.key = 5;
    set.insert(vs[3]);
    EXPECT_EQ(order_of(set), (std::vector<std::uint32_t>{2, 1, 3, 4, 6}));
    EXPECT_EQ(set.first()->domain_id(), 2u);
    EXPECT_EQ(set.next(vs[0])->domain_id(), 3u);
    EXPECT_EQ(set.next(vs[5]), nullptr);
    while (!set.empty()) set.erase(*set.first());
    EXPECT_EQ(set.first(), nullptr);
  }
}

}  // namespace
}  // namespace sched::detail
