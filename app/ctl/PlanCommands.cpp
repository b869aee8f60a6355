#include "PlanCommands.h"

#include "Output.h"
#include "BlockingCall.h"
#include "CommandLine.h"
#include "StatusText.h"
#include "client/LabDescription.h"
#include "config/ConfigParser.h"
#include "config/LabPair.h"
#include "config/PlanProposal.h"
#include "protocol/JsonRpc.h"
#include "protocol/PairPlanJson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QSaveFile>
#include <cstdio>

namespace tandem::ctl {

const char* const kPlanUsage =
    R"(  config plan (--lab DIR | --a 'TRANSPORT' --b 'TRANSPORT') [--mode 1:1|1+1]
        the pair plan of two devices as JSON: the pair's own plan when it runs hot backup,
        otherwise a proposal with the wizard's defaults (the devices' addresses, free VRIDs,
        their virtual IPs; a lab's preempt delay and backup port). TRANSPORT: one device's
        connection options in one word, e.g. '--socket /run/a.sock' or
        '--host 10.0.0.1 --port 7830 --fingerprint SHA256:…'. Reads the running configs with
        their secrets (admin), as config generate --lab does
  config generate --plan P.json --a OUT_A.cfg --b OUT_B.cfg [--lab DIR | --base A.cfg B.cfg]
        write both devices' configurations generated from the plan, each built on its
        device's running config (--lab), on the given files (--base), or on the base configs
        the plan names (a.baseConfig, b.baseConfig, relative to the plan file); an error names
        the plan field. The files hold the password hashes and keys (mode 0600)
)";

namespace {

constexpr int kTimeoutMs = 30000;

struct PlanArgs
{
    QMap<QString, QString> values;
    QStringList base; // --base A.cfg B.cfg
    bool help = false;
    QString error;
};

// The words after `config plan|generate`, parsed as the command declares (CommandLine.cpp).
PlanArgs parsePlanArgs(const QString& sub, const QStringList& arguments)
{
    PlanArgs args;
    const auto line = parseCommandLine(QStringLiteral("config ") + sub, arguments, &args.error);
    if (!line)
        return args;
    args.help = line->help;
    args.values = line->values;
    args.base = line->lists.value(QStringLiteral("base"));
    return args;
}

void note(const QString& text)
{
    std::fprintf(stderr, "%s\n", text.toUtf8().constData());
}

config::ParseResult parseMaybeMasked(const QString& text)
{
    // A running config fetched without its secrets, or a file saved from `config get`, shows
    // them as ******: the generated config keeps the mask, and a commit of it the secret.
    const QByteArray utf8 = text.toUtf8();
    return config::parseConfig(std::string_view(utf8.constData(), std::size_t(utf8.size())),
                               {.maskedSecrets = true});
}

QString firstErrors(const config::ParseResult& parsed, const QString& file)
{
    QStringList lines;
    for (const config::ConfigError& error : parsed.errors)
        lines.append(QString::fromStdString(error.format(file.toStdString())));
    return lines.join(QLatin1Char('\n'));
}

// The running config of a device, read through config.get with its secrets (an admin's
// request): a plan reads the channel key, and a generated config is whole, so that it checks
// offline as it will run.
std::optional<config::DeviceConfig> runningConfig(const client::Endpoint& endpoint, QString* error)
{
    const auto result = callAgent(endpoint, QLatin1String(protocol::method::kConfigGet),
                                  {{QStringLiteral("secrets"), true}}, kTimeoutMs, error);
    if (!result)
        return std::nullopt;
    const config::ParseResult parsed =
        parseMaybeMasked(result->toObject().value(QStringLiteral("text")).toString());
    if (!parsed.ok()) {
        *error = QStringLiteral("the running config of %1 does not parse:\n%2")
                     .arg(endpoint.toString(), firstErrors(parsed, endpoint.toString()));
        return std::nullopt;
    }
    return parsed.config;
}

struct Devices
{
    config::DeviceConfig a;
    config::DeviceConfig b;
    std::optional<client::LabDescription> lab; // when they came from --lab
};

// The two devices' running configs, from `lab` (a lab directory) or `a` and `b` (TRANSPORT
// words); nullopt with *status and *error.
std::optional<Devices> readDevices(const QMap<QString, QString>& values, int* status,
                                   QString* error)
{
    *status = 2;
    const bool lab = values.contains(QStringLiteral("lab"));
    const bool named = values.contains(QStringLiteral("a")) || values.contains(QStringLiteral("b"));
    if (lab && named) {
        *error = QStringLiteral("give --lab DIR or --a and --b, not both");
        return std::nullopt;
    }
    if (!lab && (!values.contains(QStringLiteral("a")) || !values.contains(QStringLiteral("b")))) {
        *error = QStringLiteral("say which devices: --lab DIR, or --a 'TRANSPORT' and "
                                "--b 'TRANSPORT'");
        return std::nullopt;
    }
    Devices devices;
    QList<client::Endpoint> endpoints;
    if (lab) {
        devices.lab = client::LabDescription::load(values.value(QStringLiteral("lab")), error);
        if (!devices.lab) {
            *status = 1;
            return std::nullopt;
        }
        if (devices.lab->devices.size() != 2) {
            *status = 1;
            *error = QStringLiteral("the lab in %1 has %2 devices, not a pair")
                         .arg(values.value(QStringLiteral("lab")))
                         .arg(devices.lab->devices.size());
            return std::nullopt;
        }
        for (const client::LabDevice& device : devices.lab->devices)
            endpoints.append(device.endpoint());
    } else {
        for (const char* side : {"a", "b"}) {
            auto endpoint =
                endpointFromWord(QLatin1String(side), values.value(QLatin1String(side)), error);
            if (!endpoint)
                return std::nullopt;
            endpoints.append(*endpoint);
        }
    }
    *status = 1;
    for (int i = 0; i < 2; ++i) {
        auto running = runningConfig(endpoints[i], error);
        if (!running)
            return std::nullopt;
        (i == 0 ? devices.a : devices.b) = std::move(*running);
    }
    return devices;
}

QString planErrors(const QString& prefix, const std::vector<config::PlanError>& errors)
{
    QStringList lines;
    for (const config::PlanError& error : errors) {
        lines.append(prefix + QString::fromStdString(error.format()));
        if (!error.fix.empty())
            lines.append(QStringLiteral("    fix: %1").arg(QString::fromStdString(error.fix)));
    }
    return lines.join(QLatin1Char('\n'));
}

int planPrint(const PlanArgs& args)
{
    std::optional<config::PairMode> mode;
    if (args.values.contains(QStringLiteral("mode"))) {
        mode = config::pairModeFromString(args.values.value(QStringLiteral("mode")).toStdString());
        if (!mode)
            return fail(QStringLiteral("--mode %1: expected 1:1 or 1+1")
                            .arg(args.values.value(QStringLiteral("mode"))),
                        2);
    }
    int status = 2;
    QString error;
    const auto devices = readDevices(args.values, &status, &error);
    if (!devices)
        return fail(QStringLiteral("config plan: %1").arg(error), status);

    config::PairPlan plan;
    if (devices->a.hotBackupEnabled || devices->b.hotBackupEnabled) {
        const config::DerivedPlan derived = config::derivePlan(devices->a, devices->b);
        if (!derived.ok())
            return fail(QStringLiteral("config plan: the pair's hot backup does not read as a "
                                       "plan:\n%1")
                            .arg(planErrors(QStringLiteral("  "), derived.errors)));
        if (mode && *mode != derived.plan.mode)
            return fail(QStringLiteral("config plan: the pair runs %1 hot backup; --mode %2 is for "
                                       "a proposal to a pair without hot backup")
                            .arg(QString::fromUtf8(toString(derived.plan.mode).data()),
                                 QString::fromUtf8(toString(*mode).data())));
        for (const std::string& line : derived.unexpressed)
            note(QStringLiteral("note: the plan cannot express %1")
                     .arg(QString::fromStdString(line)));
        plan = derived.plan;
    } else {
        config::ProposalDefaults defaults;
        if (devices->lab) {
            // A lab's own choices: its backup port is the one it reserved, its preempt delay
            // the short one it pairs with.
            const config::LabPairOptions lab;
            defaults.mode = devices->lab->mode == client::LabMode::OnePlusOne
                                ? config::PairMode::OnePlusOne
                                : config::PairMode::OneToOne;
            defaults.preemptDelaySeconds = lab.preemptDelaySeconds;
            defaults.remoteBackupPort = lab.backupPort;
        }
        defaults.mode = mode.value_or(defaults.mode);
        const config::ProposedPlan proposed = config::proposePlan(devices->a, devices->b, defaults);
        if (!proposed.ok())
            return fail(QStringLiteral("config plan: no proposal for %1 and %2:\n%3")
                            .arg(QString::fromStdString(devices->a.sysname),
                                 QString::fromStdString(devices->b.sysname),
                                 planErrors(QStringLiteral("  "), proposed.errors)));
        plan = proposed.plan;
        const config::GeneratedPair pair = config::generatePair(plan, devices->a, devices->b);
        if (!pair.ok()) {
            out(QString::fromUtf8(QJsonDocument(protocol::toJson(plan)).toJson()));
            return fail(QStringLiteral("config plan: the proposal does not generate on these "
                                       "devices; edit it:\n%1")
                            .arg(planErrors(QStringLiteral("  "), pair.errors)));
        }
    }
    out(QString::fromUtf8(QJsonDocument(protocol::toJson(plan)).toJson()));
    return 0;
}

std::optional<config::DeviceConfig> baseFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const config::ParseResult parsed = parseMaybeMasked(QString::fromUtf8(file.readAll()));
    if (!parsed.ok()) {
        *error = QStringLiteral("%1 does not parse:\n%2").arg(path, firstErrors(parsed, path));
        return std::nullopt;
    }
    return parsed.config;
}

bool writeConfig(const QString& path, const config::DeviceConfig& config, QString* error)
{
    const QByteArray text = QByteArray::fromStdString(config::printConfig(config));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // It holds password hashes and channel keys, as the device's own config file does.
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

int generate(const PlanArgs& args)
{
    const QString planPath = args.values.value(QStringLiteral("plan"));
    const QString outA = args.values.value(QStringLiteral("a"));
    const QString outB = args.values.value(QStringLiteral("b"));
    if (planPath.isEmpty() || outA.isEmpty() || outB.isEmpty())
        return fail(
            QStringLiteral("config generate needs --plan P.json --a OUT_A.cfg --b OUT_B.cfg"), 2);
    if (args.values.contains(QStringLiteral("lab")) && !args.base.isEmpty())
        return fail(QStringLiteral("config generate: give --lab DIR or --base A.cfg B.cfg, not "
                                   "both"),
                    2);
    QFile file(planPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(planPath, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return fail(parseError.error != QJsonParseError::NoError
                        ? QStringLiteral("%1: not JSON: %2 at offset %3")
                              .arg(planPath, parseError.errorString())
                              .arg(parseError.offset)
                        : QStringLiteral("%1: a plan is a JSON object").arg(planPath));
    QString error;
    const auto plan = protocol::pairPlanFromJson(document.object(), &error);
    if (!plan)
        return fail(QStringLiteral("%1: %2").arg(planPath, error));

    config::DeviceConfig baseA;
    config::DeviceConfig baseB;
    if (args.values.contains(QStringLiteral("lab"))) {
        int status = 1;
        auto devices = readDevices(
            {{QStringLiteral("lab"), args.values.value(QStringLiteral("lab"))}}, &status, &error);
        if (!devices)
            return fail(QStringLiteral("config generate: %1").arg(error), status);
        baseA = std::move(devices->a);
        baseB = std::move(devices->b);
    } else {
        QStringList paths = args.base;
        if (paths.isEmpty()) {
            // The plan's own base configs, relative to the plan file.
            const QDir planDir = QFileInfo(planPath).dir();
            for (const config::PlanDevice* device : {&plan->a, &plan->b}) {
                if (device->baseConfig.empty())
                    return fail(QStringLiteral("%1: %2.baseConfig: the plan names no base "
                                               "config; give --base A.cfg B.cfg or --lab DIR")
                                    .arg(planPath, device == &plan->a ? QStringLiteral("a")
                                                                      : QStringLiteral("b")));
                paths.append(planDir.filePath(QString::fromStdString(device->baseConfig)));
            }
        }
        auto a = baseFile(paths[0], &error);
        if (!a)
            return fail(error);
        auto b = baseFile(paths[1], &error);
        if (!b)
            return fail(error);
        baseA = std::move(*a);
        baseB = std::move(*b);
    }

    const config::GeneratedPair pair = config::generatePair(*plan, baseA, baseB);
    if (!pair.ok())
        return fail(QStringLiteral("the plan does not generate:\n%1")
                        .arg(planErrors(planPath + QStringLiteral(": "), pair.errors)));
    if (!writeConfig(outA, pair.a, &error) || !writeConfig(outB, pair.b, &error))
        return fail(error);
    out(QStringLiteral("%1: %2\n%3: %4\n")
            .arg(QString::fromStdString(pair.a.sysname), outA,
                 QString::fromStdString(pair.b.sysname), outB));
    return 0;
}

} // namespace

bool isPlanCommand(const QStringList& arguments)
{
    return arguments.value(0) == QStringLiteral("plan") ||
           arguments.value(0) == QStringLiteral("generate");
}

int planCommand(const QStringList& arguments)
{
    const bool plan = arguments.value(0) == QStringLiteral("plan");
    const PlanArgs args = parsePlanArgs(arguments.value(0), arguments.mid(1));
    if (!args.error.isEmpty())
        return fail(args.error, 2);
    if (args.help) {
        out(QStringLiteral("usage:\n") + usageOf(QString::fromUtf8(kPlanUsage), QStringLiteral("config ") + arguments.value(0)));
        return 0;
    }
    return plan ? planPrint(args) : generate(args);
}

} // namespace tandem::ctl
