#include "ConfigDiff.h"

#include "ConfigParser.h"

#include <algorithm>
#include <cstdint>

namespace tandem::config {

namespace {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

struct Edit
{
    char op; // ' ' kept, '-' removed, '+' added
    std::string_view line;
};

// A shortest edit script by longest common subsequence, after trimming the common prefix and
// suffix (configuration edits are usually small and local). A middle too large for the table
// is replaced wholesale: still a correct diff, only not a minimal one.
std::vector<Edit> editScript(const std::vector<std::string_view>& a,
                             const std::vector<std::string_view>& b)
{
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::size_t n = a.size() - prefix - suffix;
    const std::size_t m = b.size() - prefix - suffix;

    std::vector<Edit> edits;
    for (std::size_t i = 0; i < prefix; ++i)
        edits.push_back({' ', a[i]});
    constexpr std::size_t kMaxCells = 25'000'000;
    if (n * m > kMaxCells) {
        for (std::size_t i = 0; i < n; ++i)
            edits.push_back({'-', a[prefix + i]});
        for (std::size_t j = 0; j < m; ++j)
            edits.push_back({'+', b[prefix + j]});
    } else {
        // lcs[i][j]: length of the LCS of a[i..n) and b[j..m) of the middle parts.
        std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
            return lcs[i * (m + 1) + j];
        };
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                edits.push_back({' ', a[prefix + i]});
                ++i;
                ++j;
            } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
                edits.push_back({'-', a[prefix + i]});
                ++i;
            } else {
                edits.push_back({'+', b[prefix + j]});
                ++j;
            }
        }
    }
    for (std::size_t i = a.size() - suffix; i < a.size(); ++i)
        edits.push_back({' ', a[i]});
    return edits;
}

std::string range(std::size_t start, std::size_t count)
{
    // `diff -u` names an empty range by the line before it.
    const std::size_t first = count == 0 ? start : start + 1;
    return count == 1 ? std::to_string(first) : std::to_string(first) + "," + std::to_string(count);
}

} // namespace

ConfigDiff diffConfigs(const DeviceConfig& oldConfig, const DeviceConfig& newConfig)
{
    const std::vector<ConfigBlock> oldBlocks = printBlocks(oldConfig);
    const std::vector<ConfigBlock> newBlocks = printBlocks(newConfig);
    auto find = [](const std::vector<ConfigBlock>& blocks, const std::string& key) {
        return std::find_if(blocks.begin(), blocks.end(),
                            [&](const ConfigBlock& block) { return block.key == key; });
    };
    ConfigDiff diff;
    for (const ConfigBlock& before : oldBlocks) {
        auto after = find(newBlocks, before.key);
        if (after == newBlocks.end()) {
            ObjectChange change{ObjectChange::Kind::Removed, before.key, {}, {}};
            for (std::string_view line : splitLines(before.text))
                change.removedLines.emplace_back(line);
            diff.changes.push_back(std::move(change));
        } else if (after->text != before.text) {
            ObjectChange change{ObjectChange::Kind::Changed, before.key, {}, {}};
            for (const Edit& edit : editScript(splitLines(before.text), splitLines(after->text))) {
                if (edit.op == '-')
                    change.removedLines.emplace_back(edit.line);
                else if (edit.op == '+')
                    change.addedLines.emplace_back(edit.line);
            }
            diff.changes.push_back(std::move(change));
        }
    }
    for (const ConfigBlock& after : newBlocks) {
        if (find(oldBlocks, after.key) != oldBlocks.end())
            continue;
        ObjectChange change{ObjectChange::Kind::Added, after.key, {}, {}};
        for (std::string_view line : splitLines(after.text))
            change.addedLines.emplace_back(line);
        diff.changes.push_back(std::move(change));
    }
    return diff;
}

std::string formatDiff(const ConfigDiff& diff)
{
    std::string out;
    for (const ObjectChange& change : diff.changes) {
        switch (change.kind) {
        case ObjectChange::Kind::Added:
            out += "added    " + change.object + "\n";
            break;
        case ObjectChange::Kind::Removed:
            out += "removed  " + change.object + "\n";
            break;
        case ObjectChange::Kind::Changed:
            out += "changed  " + change.object + "\n";
            for (const std::string& line : change.removedLines)
                out += "    - " + line + "\n";
            for (const std::string& line : change.addedLines)
                out += "    + " + line + "\n";
            break;
        }
    }
    return out;
}

std::string unifiedDiff(std::string_view oldText, std::string_view newText,
                        std::string_view oldName, std::string_view newName, int context)
{
    const std::vector<Edit> edits = editScript(splitLines(oldText), splitLines(newText));
    const std::size_t keep = std::size_t(std::max(context, 0));
    std::string out;
    std::size_t index = 0;
    std::size_t oldLine = 0; // lines of each side before edits[index]
    std::size_t newLine = 0;
    while (index < edits.size()) {
        auto firstChange = std::find_if(edits.begin() + std::ptrdiff_t(index), edits.end(),
                                        [](const Edit& edit) { return edit.op != ' '; });
        if (firstChange == edits.end())
            break;
        const std::size_t change = std::size_t(firstChange - edits.begin());
        const std::size_t start = change > keep ? change - keep : 0;
        // Advance the line counters over the unchanged lines before the hunk.
        oldLine += start - index;
        newLine += start - index;
        // The hunk ends after `keep` unchanged lines that are not followed by another change
        // within 2 × keep lines.
        std::size_t end = change;
        std::size_t unchanged = 0;
        for (std::size_t k = change; k < edits.size(); ++k) {
            if (edits[k].op == ' ') {
                if (++unchanged > 2 * keep)
                    break;
            } else {
                unchanged = 0;
                end = k + 1;
            }
        }
        end = std::min(edits.size(), end + keep);
        std::size_t oldCount = 0;
        std::size_t newCount = 0;
        std::string body;
        for (std::size_t k = start; k < end; ++k) {
            body += edits[k].op;
            body += std::string(edits[k].line) + "\n";
            oldCount += edits[k].op != '+';
            newCount += edits[k].op != '-';
        }
        if (out.empty())
            out = "--- " + std::string(oldName) + "\n+++ " + std::string(newName) + "\n";
        out += "@@ -" + range(oldLine, oldCount) + " +" + range(newLine, newCount) + " @@\n" + body;
        oldLine += oldCount;
        newLine += newCount;
        index = end;
    }
    return out;
}

} // namespace tandem::config
