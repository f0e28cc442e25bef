// OrderedVcpus: an intrusive ordered multiset of vCPUs (a run-queue section)
// with two representations behind one interface: a sorted doubly linked
// list while the owning scheduler instance is small, a red-black tree
// otherwise. On a handful of vCPUs a list insertion or removal is a few
// pointer writes where the tree's rebalancing costs several times more; on
// many, the tree keeps every operation O(log n). The representation changes
// only through use_tree() (CoreScheduler calls it from add_vcpu/remove_vcpu,
// never on a scheduling path), which relinks every member in order.
//
// Order: `Order` (a strict weak order); an inserted vCPU goes after the
// members equal to it in both representations, so both iterate alike.
// Never allocates. Guarded by the owning CoreScheduler's lock.
#pragma once

#include <cstddef>

#include "sched/vcpu.h"
#include "support/intrusive.h"

namespace sched::detail {

template <typename Order>
class OrderedVcpus {
  using Tree =
      support::bi::multiset<Vcpu, support::bi::member_hook<Vcpu, SetHook, &Vcpu::queue_hook>,
                            support::bi::compare<Order>>;
  using List = support::bi::list<Vcpu, support::bi::member_hook<Vcpu, ListHook, &Vcpu::queue_link>>;

 public:
  OrderedVcpus() = default;
  OrderedVcpus(const OrderedVcpus&) = delete;
  OrderedVcpus& operator=(const OrderedVcpus&) = delete;

  bool empty() const { return tree_mode_ ? tree_.empty() : list_.empty(); }
  std::size_t size() const { return tree_mode_ ? tree_.size() : list_.size(); }
  bool tree_mode() const { return tree_mode_; }

  // The first member in order, or nullptr. (The set links its members but
  // does not own them: a const set still hands out mutable vCPUs.)
  Vcpu* first() const {
    if (tree_mode_) return tree_.empty() ? nullptr : mutable_vcpu(*tree_.begin());
    return list_.empty() ? nullptr : mutable_vcpu(list_.front());
  }
  // The member after v (a member), or nullptr.
  Vcpu* next(const Vcpu& v) const {
    if (tree_mode_) {
      auto it = ++tree_.iterator_to(v);
      return it == tree_.end() ? nullptr : mutable_vcpu(*it);
    }
    auto it = ++list_.iterator_to(v);
    return it == list_.end() ? nullptr : mutable_vcpu(*it);
  }

  void insert(Vcpu& v) {
    if (tree_mode_) {
      tree_.insert(v);
      return;
    }
    auto it = list_.begin();
    while (it != list_.end() && !Order{}(v, *it)) ++it;  // after equal members
    list_.insert(it, v);
  }
  void erase(Vcpu& v) {
    if (tree_mode_)
      tree_.erase(tree_.iterator_to(v));
    else
      list_.erase(List::s_iterator_to(v));
  }

  // Switches representation, keeping the order (equal members included).
  void use_tree(bool tree) {
    if (tree == tree_mode_) return;
    if (tree) {
      while (!list_.empty()) {
        Vcpu& v = list_.front();
        list_.pop_front();
        tree_.insert(v);
      }
    } else {
      while (!tree_.empty()) {
        Vcpu& v = *tree_.begin();
        tree_.erase(tree_.begin());
        list_.push_back(v);
      }
    }
    tree_mode_ = tree;
  }

  // Range-for over the members in order (tests, the fuzzer's invariants).
  class Iterator {
   public:
    Iterator(const OrderedVcpus* set, Vcpu* v) : set_(set), v_(v) {}
    Vcpu& operator*() const { return *v_; }
    Iterator& operator++() {
      v_ = set_->next(*v_);
      return *this;
    }
    bool operator==(const Iterator& o) const { return v_ == o.v_; }

   private:
    const OrderedVcpus* set_;
    Vcpu* v_;
  };
  Iterator begin() const { return Iterator(this, first()); }
  Iterator end() const { return Iterator(this, nullptr); }

 private:
  static Vcpu* mutable_vcpu(const Vcpu& v) { return const_cast<Vcpu*>(&v); }

  Tree tree_;
  List list_;
  bool tree_mode_ = false;
};

}  // namespace sched::detail
