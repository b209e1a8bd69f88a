#include "reason_wording.hpp"

#include <set>

namespace xdeps::kernel
{
    const char* const thread_reader = "<thread>";

    namespace
    {
        std::string text_field(const nl::json& reason, const char* key)
        {
            auto found = reason.find(key);
            return found != reason.end() && found->is_string() ? found->get<std::string>() : std::string();
        }

        bool flag(const nl::json& reason, const char* key)
        {
            auto found = reason.find(key);
            return found != reason.end() && found->is_boolean() && found->get<bool>();
        }

        // "changed by [5]", "deleted by [5]", "changed in place by [6]",
        // "changed outside any cell".
        rich_text change(const tracker& t, const nl::json& reason)
        {
            const char* how = flag(reason, "mutated") ? "changed in place"
                            : flag(reason, "deleted") ? "deleted"
                            : "changed";
            std::string by = text_field(reason, "changed_by");
            return rich_text(how).words(by.empty() ? " outside any cell" : " by " + cell_label(t, by));
        }

        // `A`, or `A` (via `f`) when a function read it.
        rich_text read_name(const nl::json& reason)
        {
            rich_text out;
            out.code(text_field(reason, "symbol"));
            std::string via = text_field(reason, "via");
            if (via == thread_reader)
            {
                out.words(" by a thread");
            }
            else if (!via.empty())
            {
                out.words(" (via ").code(via).words(")");
            }
            return out;
        }
    }

    rich_text reason_sentence(const tracker& t, const nl::json& reason)
    {
        rich_text out;
        if (flag(reason, "below"))
        {
            // Notebook order: a value a top-to-bottom run would not have yet.
            out.words("reads ").append(read_name(reason));
            return out.words(" from " + cell_label(t, text_field(reason, "bound_by")) + ", below it");
        }
        if (text_field(reason, "kind") == "downstream")
        {
            std::string changed = text_field(reason, "changed_symbol");
            out.words("uses ").append(read_name(reason));
            out.words(" from " + cell_label(t, text_field(reason, "bound_by")) + ", computed from ");
            out.code(changed.empty() ? text_field(reason, "symbol") : changed).words(" ");
        }
        else
        {
            out.words("read ").append(read_name(reason)).words(", ");
        }
        return out.append(change(t, reason));
    }

    std::vector<rich_text> reason_sentences(const tracker& t, const std::string& cell_id)
    {
        std::vector<rich_text> sentences;
        if (!t.has_cell(cell_id))
        {
            return sentences;
        }
        std::set<std::string> seen;
        nl::json cell = t.cell_json(cell_id);
        for (const nl::json& reason : cell.at("reasons"))
        {
            rich_text sentence = reason_sentence(t, reason);
            if (seen.insert(sentence.text()).second)
            {
                sentences.push_back(std::move(sentence));
            }
        }
        return sentences;
    }

    nl::json with_reason_texts(const tracker& t, nl::json state)
    {
        auto cells = state.find("cells");
        if (cells == state.end() || !cells->is_array())
        {
            return state;
        }
        for (nl::json& cell : *cells)
        {
            auto reasons = cell.find("reasons");
            if (reasons == cell.end() || !reasons->is_array())
            {
                continue;
            }
            for (nl::json& reason : *reasons)
            {
                if (reason.is_object())
                {
                    reason["text"] = reason_sentence(t, reason).text();
                }
            }
        }
        return state;
    }

    nl::json state_json(const tracker& t)
    {
        return with_reason_texts(t, t.to_json());
    }
}
