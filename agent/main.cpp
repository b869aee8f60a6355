// tandem-agent: the device daemon. Runs the device's HA node (VRRP, service-location groups)
// from a VRP-style configuration, serves the agent protocol, and commits config changes
// back to the --config file.

#include "Bridge.h"
#include "config/ConfigParser.h"
#include "config/Validate.h"
#include "mgmt/Agent.h"
#include "mgmt/ConfigStore.h"
#include "mgmt/TlsIdentity.h"
#include "protocol/Password.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFd[1], &byte, 1);
}

// SIGTERM / SIGINT end the agent through the event loop, so it can resign mastership first.
void installSignalHandlers(QObject* context, std::function<void()> handler)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalFd[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [notifier, handler] {
        char byte;
        [[maybe_unused]] const auto got = ::read(g_signalFd[0], &byte, 1);
        notifier->setEnabled(false);
        handler();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

int hashPasswordCommand()
{
    std::string password;
    if (!std::getline(std::cin, password) || password.empty()) {
        std::cerr << "tandem-agent hash-password: give the password on standard input\n";
        return 2;
    }
    std::cout << tandem::protocol::hashPassword(QString::fromStdString(password)).toStdString()
              << '\n';
    return 0;
}

// An API token for scripts and CI jobs: the token (shown once, never stored by the agent) on
// the first line, what `management user NAME role ROLE` takes to accept it on the second.
int makeTokenCommand()
{
    const QString token = tandem::protocol::makeApiToken();
    std::cout << token.toStdString() << '\n'
              << "token-sha256 " << tandem::protocol::apiTokenSha256(token).toStdString() << '\n';
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    // The bridge runs per SSH session: no Qt, so it starts fast and relays with plain poll(2).
    if (argc >= 2 && std::strcmp(argv[1], "bridge") == 0)
        return tandem::agent::runBridge(argc - 2, argv + 2);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandem-agent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-dd hh:mm:ss.zzz} %{if-warning}warning %{endif}%{if-critical}critical "
        "%{endif}%{category}: %{message}"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tandem device agent: VRRP, service-location groups and the agent protocol.\n"
        "Commands: (none) run the agent; hash-password reads a password on stdin and prints "
        "the hash for 'management user … password-hash'; make-token prints a new API token "
        "(for $TANDEM_TOKEN) and, on a second line, the 'token-sha256 HEX' to append to a "
        "'management user NAME role ROLE' line; bridge [--socket PATH | --config "
        "FILE] relays stdin/stdout to the agent's local socket (the SSH subsystem).\n"
        "Environment: TANDEM_AGENT_HELLO_TIMEOUT_MS (default 10000) and "
        "TANDEM_AGENT_IDLE_TIMEOUT_MS (default 900000) override the management session "
        "timeouts."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("hash-password | make-token | bridge"),
                                 QStringLiteral("[command]"));
    const QCommandLineOption configOption(QStringList{QStringLiteral("c"), QStringLiteral("config")},
                                          QStringLiteral("Device configuration (VRP style)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption checkOption(QStringLiteral("check"),
                                         QStringLiteral("Check the configuration and exit."));
    const QCommandLineOption fingerprintOption(
        QStringLiteral("fingerprint"),
        QStringLiteral("Print the fingerprint (SHA256:…) of the agent's TLS certificate, kept in "
                       "FILE.d/tls/ and created there if missing, and exit."));
    const QCommandLineOption localSocketOption(
        QStringLiteral("local-socket"),
        QStringLiteral("The agent protocol's local socket (default FILE.d/agent.sock)."),
        QStringLiteral("PATH"));
    parser.addOption(configOption);
    parser.addOption(localSocketOption);
    parser.addOption(checkOption);
    parser.addOption(fingerprintOption);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional == QStringList{QStringLiteral("hash-password")})
        return hashPasswordCommand();
    if (positional == QStringList{QStringLiteral("make-token")})
        return makeTokenCommand();
    if (!positional.isEmpty()) {
        std::cerr << "tandem-agent: unknown command '" << positional.first().toStdString()
                  << "' (see --help)\n";
        return 2;
    }
    if (!parser.isSet(configOption)) {
        std::cerr << "tandem-agent: --config FILE is required (see --help)\n";
        return 2;
    }

    const std::string path = parser.value(configOption).toStdString();
    if (parser.isSet(fingerprintOption)) {
        // Creating the identity here lets an operator read the fingerprint (and pin it in the
        // app) before the agent first starts; the agent then uses the same files.
        if (!QFileInfo::exists(parser.value(configOption))) {
            std::cerr << "tandem-agent: " << path << ": no such configuration file\n";
            return 1;
        }
        QString error;
        const auto identity = tandem::mgmt::loadOrCreateTlsIdentity(
            tandem::mgmt::tlsDirectoryFor(parser.value(configOption)), &error);
        if (!identity) {
            std::cerr << "tandem-agent: " << error.toStdString() << '\n';
            return 1;
        }
        std::cout << identity->fingerprint.toStdString() << '\n';
        return 0;
    }
    if (parser.isSet(checkOption)) {
        // What the agent's start refuses (a line that does not parse), then what a commit of
        // the same text would be told (validateConfig's errors and warnings): one pass shows
        // everything there is to mend, each with its fix.
        const tandem::config::ParseResult parsed = tandem::config::loadConfigFile(path);
        const auto print = [&](const std::string& line, const std::string& fix) {
            std::cerr << line << '\n';
            if (!fix.empty())
                std::cerr << "    fix: " << fix << '\n';
        };
        if (!parsed.ok()) {
            for (const auto& error : parsed.errors)
                print(error.format(path), error.fix);
            return 1;
        }
        int errors = 0;
        int warnings = 0;
        for (const tandem::config::Finding& finding : tandem::config::validateConfig(parsed.config)) {
            const bool isError = finding.severity == tandem::config::Severity::Error;
            ++(isError ? errors : warnings);
            print(finding.format(path),
                  finding.fix);
        }
        if (errors > 0) {
            std::cerr << path << ": " << errors << (errors == 1 ? " error" : " errors")
                      << ": a commit of this configuration would be refused\n";
            return 1;
        }
        std::cout << path << ": configuration is valid";
        if (warnings > 0)
            std::cout << " (" << warnings << (warnings == 1 ? " warning" : " warnings") << ')';
        std::cout << '\n';
        return 0;
    }

    // The --config file is the running config; its commit history lives beside it. Opening
    // it finishes or undoes a commit a kill interrupted, before anything runs.
    QString error;
    std::unique_ptr<tandem::mgmt::ConfigStore> store =
        tandem::mgmt::ConfigStore::open(QString::fromStdString(path), &error);
    if (!store) {
        std::cerr << error.toStdString() << '\n';
        return 1;
    }
    tandem::mgmt::AgentOptions options;
    options.localSocketPath = parser.value(localSocketOption);
    options.limits = tandem::mgmt::RpcServer::Limits::fromEnvironment();
    std::unique_ptr<tandem::mgmt::Agent> agent =
        tandem::mgmt::Agent::create(std::move(store), &error, options);
    if (!agent) {
        std::cerr << "tandem-agent: " << error.toStdString() << '\n';
        return 1;
    }
    installSignalHandlers(&app, [&agent] {
        agent->shutdown();
        // Let the resign adverts leave before the sockets close.
        QTimer::singleShot(50, QCoreApplication::instance(), &QCoreApplication::quit);
    });
    agent->start();
    return app.exec();
}
