// The consumer rule: a change made by a statement that read a version
// (directly, or through versions computed from it) does not outdate it.
// Decided when the change is committed, as part of the update.

#include <cstdint>
#include <vector>

#include "tracker_impl.hpp"

namespace xdeps
{
    using detail::cell_t;
    using detail::id_t;
    using detail::no_cell;
    using detail::no_id;

    // The consumer rule: a change made by a statement that read a version
    // (directly, or through versions computed from it) does not outdate it.
    // The candidates are the dependents whose walk now meets the change
    // (those collect_affected_by_end seeds), bound by another cell than the
    // changer. Each one the
    // successor's statement read, in the lineage as it stands when the
    // change is made, gets the successor as its input in place of the
    // version the change replaced: from then on its walk starts after the
    // change, and it shares the successor's fate (which is computed from
    // it: a cycle the least fixed point never keeps outdated by itself).
    // Decided once, from what the changing statement read, so that no later
    // change of lineage turns it around; and the replaced versions are
    // released, so two cells feeding each other keep a bounded lineage.
    // Cost: the direct reads, and only when some candidate is not one of
    // them, a search for a version both computed from the candidates and
    // read by the change (see reads_computed_from); the versions computed
    // from the candidates only when there is one.
    void tracker::impl::note_consumers(id_t change, const std::vector<id_t>& candidates)
    {
        if (candidates.empty() || versions[change].inputs.empty())
        {
            return;
        }
        std::vector<id_t> spared;
        // Every mark taken first: a wrapping counter clears marks only
        // before any is set.
        std::uint32_t read_mark = next_epoch();
        std::uint32_t ahead_mark = next_epoch();
        std::uint32_t behind_mark = next_epoch();
        std::uint32_t closure_mark = next_epoch();
        std::uint32_t reached_mark = next_epoch();
        for (id_t i : versions[change].inputs)
        {
            versions[i].scratch_mark = read_mark;
        }
        std::vector<id_t> far;
        for (id_t d : candidates)
        {
            if (versions[d].scratch_mark == read_mark)
            {
                spared.push_back(d);
            }
            else
            {
                far.push_back(d);
            }
        }
        if (!far.empty() && reads_computed_from(far, change, ahead_mark, behind_mark))
        {
            mark_computed_from(far, change, closure_mark, reached_mark);
        }
        for (id_t d : far)
        {
            if (versions[d].scratch_mark == reached_mark)
            {
                spared.push_back(d);
            }
        }
        for (id_t d : spared)
        {
            move_input_to(d, change);
        }
    }

    // Whether an input of `change` was computed from a version of `from`
    // (through versions other than `change`): what mark_computed_from would
    // reach from them. Two searches in step, forward from `from` through
    // dependents (marked `ahead_mark`) and backward from the inputs through
    // inputs (`behind_mark`), meet on a version if and only if one was; the
    // first to run out answers no. The cost is then about twice the smaller
    // region, and often small: when cells read what earlier cells bound,
    // what the changing statement read lies behind it, what was computed
    // from the candidates ahead.
    bool tracker::impl::reads_computed_from(const std::vector<id_t>& from,
                                            id_t change,
                                            std::uint32_t ahead_mark,
                                            std::uint32_t behind_mark)
    {
        std::vector<id_t> ahead;
        std::vector<id_t> behind;
        for (id_t i : versions[change].inputs)
        {
            if (versions[i].scratch_mark != behind_mark)
            {
                versions[i].scratch_mark = behind_mark;
                behind.push_back(i);
            }
        }
        // Marks `v` for one side; true when the other side already has it.
        auto meets = [&](id_t v, std::uint32_t mark, std::uint32_t other, std::vector<id_t>& stack) {
            std::uint32_t& m = versions[v].scratch_mark;
            if (m == other)
            {
                return true;
            }
            if (m != mark)
            {
                m = mark;
                stack.push_back(v);
            }
            return false;
        };
        for (id_t d : from)
        {
            if (meets(d, ahead_mark, behind_mark, ahead))
            {
                return true;
            }
        }
        while (!ahead.empty() && !behind.empty())
        {
            // The side with fewer versions waiting goes on.
            bool forward = ahead.size() <= behind.size();
            std::vector<id_t>& stack = forward ? ahead : behind;
            id_t v = stack.back();
            stack.pop_back();
            ++cost.versions_visited;
            for (id_t next : forward ? versions[v].dependents : versions[v].inputs)
            {
                if (next != change
                    && (forward ? meets(next, ahead_mark, behind_mark, ahead)
                                : meets(next, behind_mark, ahead_mark, behind)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    // Marks `reached_mark` on the versions of `from` (and those computed
    // from them) that `change`'s inputs were computed from.
    void tracker::impl::mark_computed_from(const std::vector<id_t>& from,
                                           id_t change,
                                           std::uint32_t closure_mark,
                                           std::uint32_t reached_mark)
    {
        // The versions computed from the far candidates...
        std::vector<id_t> stack;
        auto enter = [&](id_t v, std::uint32_t mark) {
            if (versions[v].scratch_mark != mark && versions[v].scratch_mark != reached_mark)
            {
                versions[v].scratch_mark = mark;
                stack.push_back(v);
            }
        };
        for (id_t d : from)
        {
            enter(d, closure_mark);
        }
        while (!stack.empty())
        {
            id_t v = stack.back();
            stack.pop_back();
            ++cost.versions_visited;
            for (id_t d : versions[v].dependents)
            {
                if (d != change)
                {
                    enter(d, closure_mark);
                }
            }
        }
        // ...then, among them, those the change's inputs were computed from.
        for (id_t i : versions[change].inputs)
        {
            if (versions[i].scratch_mark == closure_mark)
            {
                versions[i].scratch_mark = reached_mark;
                stack.push_back(i);
            }
        }
        while (!stack.empty())
        {
            id_t v = stack.back();
            stack.pop_back();
            for (id_t i : versions[v].inputs)
            {
                if (versions[i].scratch_mark == closure_mark)
                {
                    versions[i].scratch_mark = reached_mark;
                    stack.push_back(i);
                }
            }
        }
    }

    // `v` takes `change` as its input in place of its inputs of the same name
    // (older versions of that name): released, and never walked again. It
    // keeps using the elements it used of them.
    void tracker::impl::move_input_to(id_t v, id_t change)
    {
        id_t name = versions[change].name;
        detail::version_entry& ve = versions[v];
        std::vector<id_t>& inputs = ve.inputs;
        bool keyed = !ve.input_keys.empty();
        id_t used = no_id;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < inputs.size(); ++i)
        {
            id_t input = inputs[i];
            id_t keys = input_keys(ve, i);
            if (versions[input].name == name)
            {
                used = used == no_id ? keys : unite_keys(used, keys);
                remove_one(versions[input].dependents, v);
                pending_release.push_back(input);
            }
            else
            {
                if (keyed)
                {
                    ve.input_keys[kept] = keys;
                }
                inputs[kept++] = input;
            }
        }
        inputs.resize(kept);
        if (keyed)
        {
            ve.input_keys.resize(kept);
        }
        add_input(v, change, used == no_id ? 0 : used);
    }
}
