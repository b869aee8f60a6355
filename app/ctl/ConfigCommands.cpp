#include "ConfigCommands.h"

#include "AgentCommands.h"
#include "CommandLine.h"
#include "StatusText.h"

#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"
#include "config/PairCheck.h"
#include "config/Validate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <optional>

namespace tandem::ctl {

const char* const kConfigUsage =
    R"(  config check FILE [--json]
        parse and validate one device configuration; findings read FILE:LINE:COL: severity:
        message, each followed by its suggested fix
  config pair-check FILE_A FILE_B [--mode 1:1|1+1] [--json]
        check both devices of an HA pair, and that they mirror each other
  config diff OLD NEW [--json]
        objects added, removed and changed, then a unified diff of the canonical texts
)";

namespace {

using namespace tandem::config;

struct ConfigArgs
{
    QStringList files;
    bool json = false;
    std::optional<PairMode> mode;
    bool help = false;
    QString error;
};

// The words after `config SUB`, parsed as SUB declares (CommandLine.cpp).
ConfigArgs parseConfigArgs(const QString& sub, const QStringList& arguments)
{
    ConfigArgs args;
    const auto line = parseCommandLine(QStringLiteral("config ") + sub, arguments, &args.error);
    if (!line)
        return args;
    args.help = line->help;
    args.files = line->positional;
    args.json = line->flags.contains(QStringLiteral("json"));
    const QString mode = line->values.value(QStringLiteral("mode"));
    if (mode == QStringLiteral("1:1"))
        args.mode = PairMode::OneToOne;
    else if (mode == QStringLiteral("1+1"))
        args.mode = PairMode::OnePlusOne;
    return args;
}

void out(const std::string& text)
{
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
}

int usage(const QString& message)
{
    std::fprintf(stderr, "tandemctl: %s\nusage:\n%s", message.toUtf8().constData(), kConfigUsage);
    return 2;
}

// A finding with the file (and device) it points into.
struct Located
{
    std::string file;
    std::string device;
    Finding finding;
};

struct Loaded
{
    std::string file;
    ParseResult parsed;
};

Loaded load(const QString& file)
{
    const std::string path = file.toStdString();
    return {path, loadConfigFile(path)};
}

void addErrors(std::vector<Located>& findings, const Loaded& loaded)
{
    for (const ConfigError& error : loaded.parsed.errors)
        findings.push_back({loaded.file, loaded.parsed.config.sysname, toFinding(error)});
}

void addFindings(std::vector<Located>& findings, const Loaded& loaded,
                 const std::vector<Finding>& found)
{
    for (const Finding& finding : found)
        findings.push_back({loaded.file, loaded.parsed.config.sysname, finding});
}

// Prints the findings and returns the exit status.
int report(const std::vector<Located>& findings, bool json)
{
    int errors = 0;
    int warnings = 0;
    for (const Located& located : findings)
        ++(located.finding.severity == Severity::Error ? errors : warnings);
    if (json) {
        QJsonArray array;
        for (const Located& located : findings) {
            const Finding& finding = located.finding;
            QJsonObject object{
                {QStringLiteral("file"), QString::fromStdString(located.file)},
                {QStringLiteral("severity"), QString::fromUtf8(toString(finding.severity).data())},
                {QStringLiteral("line"), finding.where.line},
                {QStringLiteral("column"), finding.where.column},
                {QStringLiteral("message"), QString::fromStdString(finding.message)},
                {QStringLiteral("fix"), QString::fromStdString(finding.fix)},
            };
            if (!located.device.empty())
                object.insert(QStringLiteral("device"), QString::fromStdString(located.device));
            array.append(object);
        }
        out(QJsonDocument(QJsonObject{{QStringLiteral("findings"), array},
                                      {QStringLiteral("errors"), errors},
                                      {QStringLiteral("warnings"), warnings}})
                .toJson()
                .toStdString());
    } else {
        for (const Located& located : findings) {
            out(located.finding.format(located.file) + "\n");
            if (!located.finding.fix.empty())
                out("    fix: " + located.finding.fix + "\n");
        }
        std::fprintf(stderr, "%d error%s, %d warning%s\n", errors, errors == 1 ? "" : "s", warnings,
                     warnings == 1 ? "" : "s");
    }
    return errors > 0 ? 1 : 0;
}

int check(const ConfigArgs& args)
{
    if (args.files.size() != 1)
        return usage(QStringLiteral("config check needs one FILE"));
    const Loaded loaded = load(args.files[0]);
    std::vector<Located> findings;
    addErrors(findings, loaded);
    if (loaded.parsed.ok())
        addFindings(findings, loaded, validateConfig(loaded.parsed.config));
    return report(findings, args.json);
}

int pairCheckCommand(const ConfigArgs& args)
{
    if (args.files.size() != 2)
        return usage(QStringLiteral("config pair-check needs FILE_A and FILE_B"));
    const Loaded a = load(args.files[0]);
    const Loaded b = load(args.files[1]);
    std::vector<Located> findings;
    addErrors(findings, a);
    addErrors(findings, b);
    if (a.parsed.ok() && b.parsed.ok()) {
        addFindings(findings, a, validateConfig(a.parsed.config));
        addFindings(findings, b, validateConfig(b.parsed.config));
        PairCheckOptions options;
        options.mode = args.mode;
        for (const Finding& finding : pairCheck(a.parsed.config, b.parsed.config, options))
            addFindings(findings, finding.side == Side::A ? a : b, {finding});
    }
    return report(findings, args.json);
}

QJsonArray toJson(const std::vector<std::string>& lines)
{
    QJsonArray array;
    for (const std::string& line : lines)
        array.append(QString::fromStdString(line));
    return array;
}

int diff(const ConfigArgs& args)
{
    if (args.files.size() != 2)
        return usage(QStringLiteral("config diff needs OLD and NEW"));
    const Loaded before = load(args.files[0]);
    const Loaded after = load(args.files[1]);
    if (!before.parsed.ok() || !after.parsed.ok()) {
        std::vector<Located> findings;
        addErrors(findings, before);
        addErrors(findings, after);
        return report(findings, args.json);
    }
    const ConfigDiff changes = diffConfigs(before.parsed.config, after.parsed.config);
    const std::string text = unifiedDiff(printConfig(before.parsed.config),
                                         printConfig(after.parsed.config), before.file, after.file);
    if (args.json) {
        QJsonArray array;
        for (const ObjectChange& change : changes.changes) {
            const char* kind = change.kind == ObjectChange::Kind::Added     ? "added"
                               : change.kind == ObjectChange::Kind::Removed ? "removed"
                                                                            : "changed";
            array.append(QJsonObject{
                {QStringLiteral("kind"), QString::fromUtf8(kind)},
                {QStringLiteral("object"), QString::fromStdString(change.object)},
                {QStringLiteral("removedLines"), toJson(change.removedLines)},
                {QStringLiteral("addedLines"), toJson(change.addedLines)},
            });
        }
        out(QJsonDocument(
                QJsonObject{{QStringLiteral("changes"), array},
                            {QStringLiteral("unifiedDiff"), QString::fromStdString(text)}})
                .toJson()
                .toStdString());
        return 0;
    }
    if (changes.empty()) {
        out("no changes\n");
        return 0;
    }
    out(formatDiff(changes) + "\n" + text);
    return 0;
}

} // namespace

int configCommand(const QStringList& arguments)
{
    const QString sub = arguments.value(0);
    const QStringList subs{QStringLiteral("check"), QStringLiteral("pair-check"), QStringLiteral("diff")};
    if (!subs.contains(sub))
        return usage(sub.isEmpty() ? QStringLiteral("config needs a command (check, pair-check, diff)")
                                   : QStringLiteral("unknown config command '%1' (check, pair-check, diff)").arg(sub));
    const ConfigArgs args = parseConfigArgs(sub, arguments.mid(1));
    if (!args.error.isEmpty())
        return usage(args.error);
    if (args.help) {
        // `config diff` is offline between two files and online against a device: both forms.
        QString text = usageOf(QString::fromUtf8(kConfigUsage), QStringLiteral("config ") + sub);
        if (sub == QStringLiteral("diff"))
            text += usageOf(QString::fromUtf8(kAgentUsage), QStringLiteral("config diff")) +
                    QString::fromUtf8(kConnectionHelp);
        std::fprintf(stdout, "usage:\n%s", text.toUtf8().constData());
        return 0;
    }
    if (sub == QStringLiteral("check"))
        return check(args);
    if (sub == QStringLiteral("pair-check"))
        return pairCheckCommand(args);
    return diff(args);
}

} // namespace tandem::ctl
