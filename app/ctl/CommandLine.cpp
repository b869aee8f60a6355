#include "CommandLine.h"

#include "AgentCommands.h"
#include "BlockingCall.h"
#include "ConfigCommands.h"
#include "Drill.h"
#include "PairCommands.h"
#include "PlanCommands.h"
#include "config/ConfigParser.h"

#include <CLI/CLI.hpp>
#include <QRegularExpression>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace tandem::ctl {

namespace {

OptionSpec value(const char* name, const char* valueName, QStringList allowed = {})
{
    return {QString::fromLatin1(name), QString::fromLatin1(valueName), std::move(allowed), 1};
}

OptionSpec flag(const char* name)
{
    return {QString::fromLatin1(name), {}, {}, 1};
}


// The options that say which agent (BlockingCall's transport options), plus --lab, --device
// and --json, which every online command takes.
QList<OptionSpec> connectionOptions()
{
    QList<OptionSpec> options;
    for (const QString& name : transportOptions())
        options.append({name, name.toUpper(), {}, 1});
    for (const QString& name : transportFlags())
        options.append({name, {}, {}, 1});
    options.append(value("lab", "DIR"));
    options.append(value("device", "NAME"));
    options.append(flag("json"));
    return options;
}

QList<CommandSpec> makeSpecs()
{
    const QStringList pairModes{QStringLiteral("1:1"), QStringLiteral("1+1")};
    const QList<OptionSpec> paging{value("sl", "N"), value("limit", "N"), value("cursor", "C"),
                                   flag("all")};
    QList<CommandSpec> specs{
        {QStringLiteral("lab up"),
         {value("dir", "DIR"), value("mode", "MODE", {QStringLiteral("1:1"), QStringLiteral("1+1"), QStringLiteral("lb")}),
          flag("bare"), value("base", "ADDRESS"), value("agent", "PATH"), value("timeout", "SECONDS"),
          value("advert-ms", "MS"), value("rate", "N"), value("subscribers", "N"),
          value("churn", "SECONDS"), value("session-table", "N")},
         false, false},
        {QStringLiteral("lab status"), {value("dir", "DIR"), flag("json")}, false, false},
        {QStringLiteral("lab down"), {value("dir", "DIR")}, false, false},
        {QStringLiteral("status"), {}, true, false},
        {QStringLiteral("drill"),
         {value("lab", "DIR"), value("fault", "KIND", kFaultKinds), value("trials", "N"),
          value("clients", "N"), value("soak", "N"), value("rate", "N"), value("seed", "N"),
          value("delay-ms", "MS"), value("drop-percent", "P"), value("switch-timeout", "MS"),
          value("stale-standby", "SECONDS"), flag("json")},
         false, false},
        // Offline checks on files.
        {QStringLiteral("config check"), {flag("json")}},
        {QStringLiteral("config pair-check"), {value("mode", "MODE", pairModes), flag("json")}},
        // `config diff OLD NEW` offline, `config diff FILE | --id N` online: one declaration
        // (a connection option or --id is what makes it online).
        {QStringLiteral("config diff"), {value("id", "N"), flag("secrets")}, true},
        // Online config commands.
        {QStringLiteral("config get"), {flag("candidate"), flag("secrets")}, true, false},
        {QStringLiteral("config validate"), {}, true},
        {QStringLiteral("config impact"), {}, true},
        {QStringLiteral("config commit"), {value("label", "L"), value("confirm", "SECONDS")}, true},
        {QStringLiteral("config confirm"), {}, true, false},
        {QStringLiteral("config rollback"), {}, true},
        {QStringLiteral("config history"), {}, true, false},
        // Plans and pairs: two devices, by --lab or --a/--b 'TRANSPORT'.
        {QStringLiteral("config plan"),
         {value("lab", "DIR"), value("a", "TRANSPORT"), value("b", "TRANSPORT"),
          value("mode", "MODE", pairModes)},
         false, false},
        {QStringLiteral("config generate"),
         {value("plan", "P.json"), value("a", "OUT_A.cfg"), value("b", "OUT_B.cfg"),
          value("lab", "DIR"), {QStringLiteral("base"), QStringLiteral("A.cfg B.cfg"), {}, 2}},
         false, false},
        {QStringLiteral("config push-pair"),
         {value("lab", "DIR"), value("a", "TRANSPORT"), value("b", "TRANSPORT"),
          value("confirm", "SECONDS"), value("label", "TEXT"), flag("allow-unfinished-batch"),
          flag("prove-swap"), flag("dry-run"), flag("json")}},
        {QStringLiteral("config pair-history"),
         {value("lab", "DIR"), value("a", "TRANSPORT"), value("b", "TRANSPORT"), flag("json")},
         false, false},
        {QStringLiteral("config pair-rollback"),
         {value("lab", "DIR"), value("a", "TRANSPORT"), value("b", "TRANSPORT"),
          value("confirm", "SECONDS"), flag("json")}},
        // The other online commands.
        {QStringLiteral("display"), {flag("secrets")}, true},
        {QStringLiteral("ha status"), {}, true, false},
        {QStringLiteral("ha switchover"), {value("sl", "N"), flag("clear-demotion")}, true, false},
        {QStringLiteral("ha batch-backup"), {value("sl", "N")}, true, false},
        {QStringLiteral("sessions"),
         paging + QList<OptionSpec>{value("cpe", "IP"), value("vpn", "N"),
                                    value("protocol", "PROTOCOL", {QStringLiteral("tcp"), QStringLiteral("udp"), QStringLiteral("icmp")}),
                                    value("inside-port", "P"), value("outside", "IP"), value("outside-port", "P"),
                                    value("sort", "KEY", {QStringLiteral("id"), QStringLiteral("inside"), QStringLiteral("outside"), QStringLiteral("remote"), QStringLiteral("created"), QStringLiteral("expires")}),
                                    flag("desc")},
         true, false},
        {QStringLiteral("users"), paging, true, false},
        {QStringLiteral("user"), {value("sl", "N"), value("cpe", "IP"), value("vpn", "N")}, true, false},
        {QStringLiteral("pools"), {value("sl", "N")}, true, false},
        {QStringLiteral("counts"), {value("sl", "N")}, true, false},
        {QStringLiteral("audit"), {value("limit", "N"), value("since", "MS")}, true, false},
        {QStringLiteral("call"), {}, true},
    };
    for (CommandSpec& spec : specs)
        if (spec.connection)
            for (const OptionSpec& option : connectionOptions())
                if (std::none_of(spec.options.begin(), spec.options.end(),
                                 [&](const OptionSpec& o) { return o.name == option.name; }))
                    spec.options.append(option);
    return specs;
}

std::string utf8(const QString& text)
{
    return text.toStdString();
}

// The declared option nearest to a mistyped one, when it is close enough to be a slip.
QString nearestOption(const QString& typed, const CommandSpec& spec)
{
    QString nearest;
    std::size_t best = 0;
    for (const OptionSpec& option : spec.options) {
        const std::size_t distance = config::editDistance(utf8(typed), utf8(option.name));
        const std::size_t allowed = std::clamp<std::size_t>(std::size_t(option.name.size()) / 4, 1, 3);
        if (distance <= allowed && (nearest.isEmpty() || distance < best)) {
            nearest = option.name;
            best = distance;
        }
    }
    return nearest;
}

const char* const kUsage = R"(usage: tandemctl COMMAND [options]

  lab up --dir DIR [--mode 1:1|1+1|lb] [--bare] [--base 127.0.0.11] [--agent PATH]
         [--timeout SECONDS] [--advert-ms 200] [--rate 2000] [--subscribers 10000]
         [--churn 30] [--session-table 1048576]
        start a lab pair of agents on loopback; wait until every service-location has one
        master (--bare: basic NAT only, no hot backup, each device master of its own
        service-locations); write DIR/lab.json (devices, addresses, ports, credentials);
        start traffic:
        --rate session opens/s per service-location (0: none) from --subscribers, each
        session living --churn seconds on average; --session-table sessions per board
  lab status --dir DIR [--json]
        roles and VRRP state of both devices of the lab
  lab down --dir DIR
        stop the lab's agents
%1  status --host HOST --port PORT [--user USER] [--tls] [--fingerprint SHA256:…] [--json]
  status --ssh [USER@]HOST[:PORT] [--identity FILE] [--known-hosts FILE]
         [--accept-new-host-key] [--json]
  status --socket PATH [--json]
  status --lab DIR [--device NAME] [--json]
        one agent's service-locations and VRRP groups; the password comes from
        $TANDEM_PASSWORD, or an API token from $TANDEM_TOKEN when set (--lab DIR takes
        host, port and credentials from the lab: every device of it, or --device NAME);
        --ssh and --socket as for the online commands below
%2
Exit status: 0 success, 1 failure (for config: an error finding), 2 usage error.
)";

// CLI11's wording of the mistakes it finds, in the words of the rest of tandemctl.
QString readable(const QString& message)
{
    static const QRegularExpression missing(QStringLiteral(R"(^(--[\w-]+): (\d+) required (.+) missing$)"));
    static const QRegularExpression twice(QStringLiteral(R"(^(--[\w-]+): At Most \d+ required but received \d+$)"));
    if (const auto m = missing.match(message); m.hasMatch())
        return QStringLiteral("%1 needs %2 (%3)")
            .arg(m.captured(1), m.captured(2) == QLatin1String("1") ? QStringLiteral("a value") : m.captured(2) + QStringLiteral(" values"), m.captured(3));
    if (const auto m = twice.match(message); m.hasMatch())
        return QStringLiteral("%1 is given more than once").arg(m.captured(1));
    return message;
}

} // namespace

QString fullUsage()
{
    return QString::fromUtf8(kUsage).arg(QString::fromUtf8(kDrillUsage),
                                         QString::fromUtf8(kConfigUsage) +
                                             QString::fromUtf8(kPlanUsage) +
                                             QString::fromUtf8(kAgentUsage) +
                                             QString::fromUtf8(kPairUsage));
}


const QList<CommandSpec>& commandSpecs()
{
    static const QList<CommandSpec> specs = makeSpecs();
    return specs;
}

const CommandSpec* findCommand(const QString& path)
{
    for (const CommandSpec& spec : commandSpecs())
        if (spec.path == path)
            return &spec;
    return nullptr;
}

std::optional<CommandLine> parseCommandLine(const QString& path, const QStringList& arguments,
                                            QString* error)
{
    const CommandSpec* spec = findCommand(path);
    const QString seeHelp = QStringLiteral(" (see tandemctl %1 --help)").arg(path);
    if (!spec) {
        *error = QStringLiteral("unknown command '%1'; see tandemctl --help").arg(path);
        return std::nullopt;
    }
    CommandLine line;
    // Help wins over every other mistake on the line: whoever asks for it gets it.
    const qsizetype endOfOptions = arguments.indexOf(QStringLiteral("--"));
    const QStringList options = endOfOptions < 0 ? arguments : arguments.mid(0, endOfOptions);
    if (options.contains(QStringLiteral("--help")) || options.contains(QStringLiteral("-h"))) {
        line.help = true;
        return line;
    }
    // Unknown options are named here, with what was perhaps meant, before CLI11 sees them.
    for (const QString& word : options) {
        if (!word.startsWith(QLatin1Char('-')) || word == QLatin1String("-"))
            continue;
        const QString name = word.mid(word.startsWith(QStringLiteral("--")) ? 2 : 1).section(QLatin1Char('='), 0, 0);
        bool known = false;
        for (const OptionSpec& option : spec->options)
            known |= option.name == name && word.startsWith(QStringLiteral("--"));
        if (known)
            continue;
        // A value that starts with '-' (a label) follows its option: CLI11 takes it as the
        // value; only a word in an option's place is an unknown option.
        const qsizetype at = options.indexOf(word);
        const QString before = at > 0 ? options[at - 1] : QString();
        const bool isValue = std::any_of(spec->options.begin(), spec->options.end(), [&](const OptionSpec& o) {
            return !o.isFlag() && before == QStringLiteral("--") + o.name;
        });
        if (isValue)
            continue;
        const QString meant = nearestOption(name, *spec);
        *error = QStringLiteral("%1: unknown option %2%3%4")
                     .arg(path, word.section(QLatin1Char('='), 0, 0),
                          meant.isEmpty() ? QString() : QStringLiteral("; did you mean --%1?").arg(meant),
                          seeHelp);
        return std::nullopt;
    }

    CLI::App app{"", utf8(QStringLiteral("tandemctl ") + path)};
    app.set_help_flag();
    std::map<QString, std::string> single;
    std::map<QString, std::pair<std::string, std::string>> pairs;
    std::map<QString, bool> flags;
    for (const OptionSpec& option : spec->options) {
        const std::string name = utf8(QStringLiteral("--") + option.name);
        if (option.isFlag()) {
            app.add_flag(name, flags[option.name]);
            continue;
        }
        CLI::Option* added = option.values == 2 ? app.add_option(name, pairs[option.name])
                                                : app.add_option(name, single[option.name]);
        added->type_name(utf8(option.value));
        if (!option.allowed.isEmpty()) {
            const QStringList allowed = option.allowed;
            added->check(CLI::Validator(
                [allowed](std::string& v) -> std::string {
                    if (allowed.contains(QString::fromStdString(v)))
                        return {};
                    return utf8(QStringLiteral("not '%1': one of %2")
                                    .arg(QString::fromStdString(v), allowed.join(QStringLiteral(", "))));
                },
                utf8(option.allowed.join(QLatin1Char('|')))));
        }
    }
    std::vector<std::string> words;
    app.add_option("arguments", words);
    std::vector<std::string> argv;
    for (auto it = arguments.crbegin(); it != arguments.crend(); ++it)
        argv.push_back(utf8(*it)); // CLI11 takes them last first
    try {
        app.parse(argv);
    } catch (const CLI::ParseError& e) {
        *error = QStringLiteral("%1: %2%3").arg(path, readable(QString::fromStdString(e.what())), seeHelp);
        return std::nullopt;
    }
    for (const std::string& word : words)
        line.positional.append(QString::fromStdString(word));
    if (!spec->arguments && !line.positional.isEmpty()) {
        *error = QStringLiteral("%1: unexpected argument '%2'%3").arg(path, line.positional.first(), seeHelp);
        return std::nullopt;
    }
    for (const OptionSpec& option : spec->options) {
        const std::string name = utf8(QStringLiteral("--") + option.name);
        if (app.count(name) == 0)
            continue;
        if (option.isFlag())
            line.flags.insert(option.name);
        else if (option.values == 2)
            line.lists.insert(option.name, {QString::fromStdString(pairs[option.name].first),
                                            QString::fromStdString(pairs[option.name].second)});
        else
            line.values.insert(option.name, QString::fromStdString(single[option.name]));
    }
    return line;
}

} // namespace tandem::ctl
