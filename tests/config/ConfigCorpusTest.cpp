// The configuration corpora: tests/config/good holds every configuration of the reference (both
// devices of each example, as <example>-cgn1.cfg and <example>-cgn2.cfg); tests/config/bad holds
// broken configurations, each with the exact findings expected in <name>.expected.

#include "config/ConfigParser.h"
#include "config/PairCheck.h"
#include "config/Validate.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace tandem::config;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<fs::path> corpus(const std::string& folder, const std::string& extension)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(TANDEM_CONFIG_TEST_DIR) / folder)) {
        if (entry.path().extension() == extension)
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string describe(const std::vector<Finding>& findings)
{
    std::string out;
    for (const Finding& finding : findings)
        out += finding.format(finding.side == Side::A ? "A" : "B") + "\n";
    return out;
}

std::string describe(const std::vector<ConfigError>& errors)
{
    std::string out;
    for (const ConfigError& error : errors)
        out += error.format() + "\n";
    return out;
}

} // namespace

TEST(GoodCorpusTest, HoldsEveryExampleOfTheReferenceInPairs)
{
    std::vector<std::string> names;
    for (const fs::path& path : corpus("good", ".cfg"))
        names.push_back(path.filename().string());
    for (const std::string example : {"nat444", "distributed", "load-balancing", "one-plus-one"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), example + "-cgn1.cfg"), names.end());
        EXPECT_NE(std::find(names.begin(), names.end(), example + "-cgn2.cfg"), names.end());
    }
    EXPECT_EQ(names.size() % 2, 0u);
}

TEST(GoodCorpusTest, EveryConfigParsesValidatesCleanAndRoundTripsByteStably)
{
    for (const fs::path& path : corpus("good", ".cfg")) {
        SCOPED_TRACE(path.filename().string());
        ParseResult parsed = parseConfig(readFile(path));
        ASSERT_TRUE(parsed.ok()) << describe(parsed.errors);
        EXPECT_EQ(describe(validateConfig(parsed.config)), "");

        const std::string printed = printConfig(parsed.config);
        ParseResult reparsed = parseConfig(printed);
        ASSERT_TRUE(reparsed.ok()) << describe(reparsed.errors) << printed;
        EXPECT_EQ(reparsed.config, parsed.config) << printed;
        EXPECT_EQ(printConfig(reparsed.config), printed);
        EXPECT_EQ(describe(validateConfig(reparsed.config)), "");
    }
}

TEST(GoodCorpusTest, BothDevicesOfEachExamplePairCheckClean)
{
    int pairs = 0;
    for (const fs::path& first : corpus("good", ".cfg")) {
        std::string name = first.filename().string();
        if (!name.ends_with("-cgn1.cfg"))
            continue;
        SCOPED_TRACE(name);
        fs::path second = first;
        second.replace_filename(name.replace(name.size() - 5, 1, "2"));
        ParseResult a = parseConfig(readFile(first));
        ParseResult b = parseConfig(readFile(second));
        ASSERT_TRUE(a.ok() && b.ok()) << describe(a.errors) << describe(b.errors);
        EXPECT_EQ(describe(pairCheck(a.config, b.config)), "");
        // The order of the two devices does not matter.
        EXPECT_EQ(describe(pairCheck(b.config, a.config)), "");
        ++pairs;
    }
    EXPECT_EQ(pairs, 4);
}

TEST(GoodCorpusTest, TheExamplesHaveTheRolesTheReferenceGivesThem)
{
    const fs::path dir = fs::path(TANDEM_CONFIG_TEST_DIR) / "good";
    auto config = [&](const std::string& file) { return parseConfig(readFile(dir / file)).config; };
    PairCheckOptions oneToOne{PairMode::OneToOne};
    PairCheckOptions onePlusOne{PairMode::OnePlusOne};
    EXPECT_TRUE(pairCheck(config("nat444-cgn1.cfg"), config("nat444-cgn2.cfg"), oneToOne).empty());
    EXPECT_TRUE(
        pairCheck(config("load-balancing-cgn1.cfg"), config("load-balancing-cgn2.cfg"), oneToOne)
            .empty());
    EXPECT_TRUE(
        pairCheck(config("one-plus-one-cgn1.cfg"), config("one-plus-one-cgn2.cfg"), onePlusOne)
            .empty());
    EXPECT_TRUE(
        hasErrors(pairCheck(config("nat444-cgn1.cfg"), config("nat444-cgn2.cfg"), onePlusOne)));
    EXPECT_TRUE(hasErrors(
        pairCheck(config("one-plus-one-cgn1.cfg"), config("one-plus-one-cgn2.cfg"), oneToOne)));
}

TEST(BadCorpusTest, EveryBrokenConfigGivesExactlyTheExpectedFindings)
{
    const std::vector<fs::path> files = corpus("bad", ".cfg");
    EXPECT_GE(files.size(), 20u);
    for (const fs::path& path : files) {
        SCOPED_TRACE(path.filename().string());
        fs::path expectedPath = path;
        expectedPath.replace_extension(".expected");
        ASSERT_TRUE(fs::exists(expectedPath)) << "no " << expectedPath;
        const std::vector<Finding> findings = checkConfigText(readFile(path));
        EXPECT_TRUE(hasErrors(findings)) << "a bad config must have an error";
        std::string actual;
        for (const Finding& finding : findings)
            actual += finding.format() + "\n";
        EXPECT_EQ(actual, readFile(expectedPath));
    }
}
