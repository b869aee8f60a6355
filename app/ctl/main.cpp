// tandemctl: command-line client of the agent protocol; starts lab pairs.

#include "ctl/AgentCommands.h"
#include "ctl/BlockingCall.h"
#include "ctl/CommandLine.h"
#include "ctl/ConfigCommands.h"
#include "ctl/Drill.h"
#include "ctl/Lab.h"
#include "ctl/Output.h"
#include "ctl/PairCommands.h"
#include "ctl/PlanCommands.h"
#include "ctl/StatusText.h"
#include "protocol/JsonRpc.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <cstdio>

namespace {

using namespace tandem;
using ctl::fail;
using ctl::out;

// `command --help`: its lines of the usage, on stdout.
int help(const QString& command)
{
    const QString text = ctl::usageOf(ctl::fullUsage(), command);
    std::fputs(QStringLiteral("usage: tandemctl\n%1").arg(text).toUtf8().constData(), stdout);
    return 0;
}

QJsonObject labStatusJson(const client::LabDescription& lab, const QList<ctl::LabDeviceState>& states)
{
    QJsonArray devices;
    for (const auto& state : states) {
        QJsonObject device{
            {QStringLiteral("name"), state.device.name},
            {QStringLiteral("address"), state.device.address},
            {QStringLiteral("port"), state.device.port},
            {QStringLiteral("pid"), double(state.device.pid)},
            {QStringLiteral("running"), state.running},
            {QStringLiteral("connected"), state.status.has_value()},
        };
        if (state.status)
            device.insert(QStringLiteral("status"), state.status->toJson());
        if (!state.error.isEmpty())
            device.insert(QStringLiteral("error"), state.error);
        devices.append(device);
    }
    QJsonArray slgs;
    for (const auto& [id, master] : ctl::mastersBySlg(states)) {
        QJsonArray backups;
        for (const auto& state : states) {
            const auto* slg = state.status ? state.status->findServiceLocation(id) : nullptr;
            if (slg && slg->state == QStringLiteral("slave"))
                backups.append(state.device.name);
        }
        slgs.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("master"), master},
                                {QStringLiteral("backups"), backups}});
    }
    return QJsonObject{{QStringLiteral("mode"), client::toString(lab.mode)},
                       {QStringLiteral("bare"), lab.bare},
                       {QStringLiteral("devices"), devices},
                       {QStringLiteral("serviceLocations"), slgs}};
}

int labCommand(const QStringList& arguments)
{
    const QString sub = arguments.value(0);
    const QStringList subcommands{QStringLiteral("up"), QStringLiteral("status"),
                                  QStringLiteral("down")};
    if (!subcommands.contains(sub)) {
        if (sub == QStringLiteral("--help") || sub == QStringLiteral("-h"))
            return help(QStringLiteral("lab"));
        std::fprintf(stderr, "tandemctl: %s\nusage:\n%s",
                     (sub.isEmpty()
                          ? QStringLiteral("lab needs a subcommand: up, status or down")
                          : QStringLiteral("unknown lab command '%1': up, status or down").arg(sub))
                         .toUtf8()
                         .constData(),
                     ctl::usageOf(ctl::fullUsage(), QStringLiteral("lab")).toUtf8().constData());
        return 2;
    }
    QString error;
    const auto args = ctl::parseCommandLine(QStringLiteral("lab ") + sub, arguments.mid(1), &error);
    if (!args)
        return fail(error, 2);
    if (args->help)
        return help(QStringLiteral("lab ") + sub);
    const QString dir = args->values.value(QStringLiteral("dir"));
    if (dir.isEmpty())
        return fail(QStringLiteral("lab %1 needs --dir DIR").arg(sub), 2);

    if (sub == QStringLiteral("up")) {
        ctl::LabUpOptions options;
        options.dir = dir;
        if (!ctl::parseLabUpTuning(args->values, &options, &error))
            return fail(error, 2);
        const QString mode = args->values.value(QStringLiteral("mode"), QStringLiteral("1:1"));
        const auto parsedMode = client::labModeFromString(mode);
        if (!parsedMode)
            return fail(QStringLiteral("--mode %1: expected 1:1, 1+1 or lb").arg(mode), 2);
        options.mode = *parsedMode;
        options.bare = args->flags.contains(QStringLiteral("bare"));
        options.baseAddress = args->values.value(QStringLiteral("base"), options.baseAddress);
        options.agentPath = args->values.value(QStringLiteral("agent"));
        if (args->values.contains(QStringLiteral("timeout"))) {
            bool ok = false;
            const int seconds = args->values.value(QStringLiteral("timeout")).toInt(&ok);
            if (!ok || seconds <= 0)
                return fail(QStringLiteral("--timeout needs a positive number of seconds"), 2);
            options.timeoutMs = seconds * 1000;
        }
        const auto lab = ctl::labUp(options, &error);
        if (!lab)
            return fail(QStringLiteral("lab up failed: %1").arg(error));
        out(QStringLiteral("lab %1%2 up in %3\n")
                .arg(client::toString(lab->mode),
                     lab->bare ? QStringLiteral(" (bare: no hot backup)") : QString(), dir));
        for (const auto& device : lab->devices)
            out(QStringLiteral("  %1  agent %2:%3  pid %4  log %5\n")
                    .arg(device.name, device.address)
                    .arg(device.port)
                    .arg(device.pid)
                    .arg(device.logPath));
        out(QStringLiteral("credentials and endpoints: %1/lab.json\n").arg(dir));
        return 0;
    }
    if (sub == QStringLiteral("status")) {
        const auto lab = client::LabDescription::load(dir, &error);
        if (!lab)
            return fail(error);
        const auto states = ctl::labStatus(*lab, 5000);
        if (args->flags.contains(QStringLiteral("json"))) {
            out(QString::fromUtf8(QJsonDocument(labStatusJson(*lab, states)).toJson()));
        } else {
            out(QStringLiteral("lab %1%2 in %3\n")
                    .arg(client::toString(lab->mode),
                         lab->bare ? QStringLiteral(" (bare: no hot backup)") : QString(), dir));
            for (const auto& [id, master] : ctl::mastersBySlg(states))
                out(QStringLiteral("  service-location %1: master %2\n")
                        .arg(id)
                        .arg(master.isEmpty() ? QStringLiteral("(none)") : master));
            for (const auto& state : states) {
                out(QStringLiteral("\n"));
                if (state.status)
                    out(ctl::formatDeviceStatus(*state.status));
                else
                    out(QStringLiteral("Device %1: %2\n").arg(state.device.name, state.error));
            }
        }
        const bool allAnswered = std::all_of(states.begin(), states.end(),
                                             [](const auto& s) { return s.status.has_value(); });
        return allAnswered ? 0 : 1;
    }
    // down
    if (!ctl::labDown(dir, &error))
        return fail(QStringLiteral("lab down: %1").arg(error));
    out(QStringLiteral("lab in %1 stopped\n").arg(dir));
    return 0;
}

int statusCommand(const QStringList& arguments)
{
    QString error;
    const auto args = ctl::parseCommandLine(QStringLiteral("status"), arguments, &error);
    if (!args)
        return fail(error, 2);
    if (args->help)
        return help(QStringLiteral("status"));
    // --lab without --device: every device of the lab, one after the other.
    QList<client::Endpoint> endpoints;
    if (args->values.contains(QStringLiteral("lab"))) {
        if (ctl::namesAgent(args->values))
            return fail(QStringLiteral("status: give --lab or --host/--ssh/--socket, not both"), 2);
        const auto lab = client::LabDescription::load(args->values.value(QStringLiteral("lab")), &error);
        if (!lab)
            return fail(error);
        const QString name = args->values.value(QStringLiteral("device"));
        for (const client::LabDevice& device : lab->devices)
            if (name.isEmpty() || device.name == name)
                endpoints.append(device.endpoint());
        if (endpoints.isEmpty())
            return fail(QStringLiteral("the lab has no device '%1'").arg(name), 2);
    } else {
        const auto named = ctl::endpointFromOptions(args->values, args->flags, &error);
        if (!named)
            return fail(QStringLiteral("status: %1").arg(error), 2);
        endpoints.append(*named);
    }
    QJsonArray all;
    int exitStatus = 0;
    for (const client::Endpoint& endpoint : endpoints) {
        const auto result = ctl::callAgent(endpoint, QLatin1String(protocol::method::kStatusGet), {}, 10000, &error);
        const auto status = result ? protocol::DeviceStatus::fromJson(result->toObject(), &error) : std::nullopt;
        if (!result || !status) {
            fail(result ? QStringLiteral("%1 answered with a bad status: %2").arg(endpoint.toString(), error) : error);
            exitStatus = 1;
            continue;
        }
        if (args->flags.contains(QStringLiteral("json")))
            all.append(status->toJson());
        else
            out((&endpoint == &endpoints.front() ? QString() : QStringLiteral("\n")) + ctl::formatDeviceStatus(*status));
    }
    if (args->flags.contains(QStringLiteral("json")))
        out(QString::fromUtf8(endpoints.size() == 1 && !all.isEmpty() ? QJsonDocument(all.first().toObject()).toJson()
                                                                        : QJsonDocument(all).toJson()));
    return exitStatus;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandemctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    // Errors are values here, printed once as `tandemctl: …`; the client library's own
    // warnings of them would say it twice (QT_LOGGING_RULES can bring them back).
    QLoggingCategory::setFilterRules(QStringLiteral("tandem.client.warning=false"));
    const QStringList arguments = app.arguments().mid(1);
    const QString command = arguments.value(0);
    if (command.isEmpty() || command == QStringLiteral("--help") || command == QStringLiteral("-h") ||
        command == QStringLiteral("help")) {
        out(ctl::fullUsage());
        return command.isEmpty() ? 2 : 0;
    }
    if (command == QStringLiteral("--version")) {
        out(QStringLiteral("tandemctl %1\n").arg(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (command == QStringLiteral("lab"))
        return labCommand(arguments.mid(1));
    if (command == QStringLiteral("status"))
        return statusCommand(arguments.mid(1));
    if (command == QStringLiteral("config") && ctl::isPairCommand(arguments.mid(1)))
        return ctl::pairCommand(arguments.mid(1));
    if (command == QStringLiteral("config") && ctl::isPlanCommand(arguments.mid(1)))
        return ctl::planCommand(arguments.mid(1));
    if (command == QStringLiteral("config") && ctl::isOnlineConfigCommand(arguments.mid(1)))
        return ctl::agentCommand(arguments);
    if (command == QStringLiteral("config"))
        return ctl::configCommand(arguments.mid(1));
    if (ctl::isAgentCommand(command))
        return ctl::agentCommand(arguments);
    if (command == QStringLiteral("drill"))
        return ctl::drillCommand(arguments.mid(1));
    return fail(QStringLiteral("unknown command '%1'; see tandemctl --help").arg(command), 2);
}
