#include "ConfigParser.h"

#include "Secrets.h"
#include "Validate.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <memory>
#include <system_error>
#include <unordered_map>

namespace tandem::config {

std::string ConfigError::format(std::string_view file) const
{
    std::string out(file);
    if (where.line > 0) {
        if (!out.empty())
            out += ':';
        out += std::to_string(where.line) + ':' + std::to_string(where.column);
    }
    if (!out.empty())
        out += ": ";
    return out + "error: " + message;
}

namespace {

struct Token
{
    std::string_view text;
    int column = 0;
};

std::vector<Token> tokenize(std::string_view line)
{
    std::vector<Token> tokens;
    std::size_t pos = 0;
    while ((pos = line.find_first_not_of(" \t", pos)) != std::string_view::npos) {
        std::size_t end = std::min(line.find_first_of(" \t", pos), line.size());
        tokens.push_back({line.substr(pos, end - pos), int(pos) + 1});
        pos = end;
    }
    return tokens;
}

enum class View
{
    System,
    Interface,
    ServiceLocation,
    Agent,
    ServiceInstanceGroup,
    RemoteBackupService,
    NatInstance,
    NatIpPool,
    VpnInstance
};

std::string_view viewName(View view)
{
    constexpr std::array<std::string_view, 9> names = {"system",
                                                       "interface",
                                                       "service-location",
                                                       "tandem-agent",
                                                       "service-instance-group",
                                                       "remote-backup-service",
                                                       "nat instance",
                                                       "nat ip-pool",
                                                       "vpn-instance"};
    return names[std::size_t(view)];
}

std::string quoted(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

// "'a', 'b' or 'c'"
std::string alternatives(const std::vector<std::string>& options)
{
    std::string out;
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (i > 0)
            out += i + 1 == options.size() ? " or " : ", ";
        out += options[i];
    }
    return out;
}

bool isDigits(std::string_view text)
{
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "0/1/1", "1", "0/1/1.100"
bool isInterfaceNumber(std::string_view text)
{
    if (std::size_t dot = text.find('.'); dot != std::string_view::npos) {
        if (!isDigits(text.substr(dot + 1)))
            return false;
        text = text.substr(0, dot);
    }
    std::size_t start = 0;
    for (std::size_t slash; (slash = text.find('/', start)) != std::string_view::npos;
         start = slash + 1) {
        if (!isDigits(text.substr(start, slash - start)))
            return false;
    }
    return isDigits(text.substr(start));
}

// Length of the type part of an interface name ("GigabitEthernet", "Eth-Trunk", "100GE"): up to
// its last letter. Types are not listed, since VRP has dozens and the agent only needs names.
std::optional<std::size_t> interfaceTypeLength(std::string_view text)
{
    auto last = std::find_if(text.rbegin(), text.rend(), isLetter);
    if (last == text.rend())
        return std::nullopt;
    std::size_t length = std::size_t(text.rend() - last);
    bool typeChars = std::all_of(text.begin(), text.begin() + length, [](char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '-';
    });
    if (!typeChars || text.front() == '-')
        return std::nullopt;
    return length;
}

// "pbkdf2-sha256$<iterations>$<salt-b64>$<hash-b64>"
bool isPasswordHash(std::string_view text)
{
    std::array<std::string_view, 4> fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::size_t end = i + 1 < fields.size() ? text.find('$') : text.size();
        if (end == std::string_view::npos)
            return false;
        fields[i] = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return fields[0] == "pbkdf2-sha256" && isDigits(fields[1]) && !fields[2].empty() &&
           !fields[3].empty() && fields[3].find('$') == std::string_view::npos;
}

// 64 hex digits: the SHA-256 of an API token.
bool isTokenSha256(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

// "100:1" or "10.0.0.1:1"
bool isRouteDistinguisher(std::string_view text)
{
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || !isDigits(text.substr(colon + 1)))
        return false;
    std::string_view admin = text.substr(0, colon);
    return isDigits(admin) || Ipv4Address::parse(admin).has_value();
}

// The sizes NE40E offers for a port block. The reference only shows 4096; the list is the
// powers of two from 64 to 32768, as VRP's port-range takes.
bool isPortRangeSize(int size)
{
    return size >= 64 && size <= 32768 && std::has_single_bit(unsigned(size));
}

template <typename T> auto findNamed(std::vector<T>& items, std::string_view name)
{
    return std::find_if(items.begin(), items.end(),
                        [name](const T& item) { return item.name == name; });
}

class Parser;

struct Command
{
    std::array<std::string_view, 5> words;
    View view; // System: a system-view command, accepted from any view (it leaves the current one)
    void (Parser::*handle)();

    std::size_t wordCount() const
    {
        return std::size_t(std::find(words.begin(), words.end(), std::string_view()) -
                           words.begin());
    }
    bool isUndo() const { return words[0] == "undo"; }
    std::string text() const
    {
        std::string out(words[0]);
        for (std::size_t i = 1; i < wordCount(); ++i)
            out += " " + std::string(words[i]);
        return out;
    }
};

class Parser
{
public:
    explicit Parser(const ParseOptions& options) : m_options(options) {}
    ParseResult run(std::string_view text);

private:
    static const std::vector<Command>& commands();

    void parseLine(std::string_view line);
    std::size_t matchedWords(const Command& command) const;
    bool usableHere(const Command& command) const;
    void reportUnknownCommand(std::size_t matched);
    // "did you mean '<line with the nearest command of this view>'?", or empty when no command
    // is close enough to be the one meant.
    std::string nearestCommandFix() const;

    // System view.
    void sysname();
    void undoSysname();
    void serviceHa();
    void undoServiceHa();
    void serviceHaDelayTime();
    void undoServiceHaDelayTime();
    void batchBackup();
    void undoBatchBackup();
    void interface();
    void serviceLocation();
    void undoServiceLocation();
    void remoteBackupService();
    void undoRemoteBackupService();
    void serviceInstanceGroup();
    void undoServiceInstanceGroup();
    void natInstance();
    void undoNatInstance();
    void natIpPool();
    void undoNatIpPool();
    void vpnInstance();
    void undoVpnInstance();
    void tandemAgent();
    void leaveView();
    // Interface view.
    void ipAddress();
    void undoIpAddress();
    void interfaceVrrp();
    void undoInterfaceVrrp();
    void recoverDelay();
    void undoRecoverDelay();
    void adminVrrp();
    void undoAdminVrrp();
    // Service-location view.
    void locationSlot();
    void remoteBackup();
    void undoRemoteBackup();
    void serviceLocationVrrp();
    void undoServiceLocationVrrp();
    // tandem-agent view.
    std::optional<std::pair<Ipv4Address, int>> listenEndpoint();
    void managementListen();
    void managementUser();
    void vrrpTransport();
    void metricsListen();
    void labEnable();
    void sessionTableSize();
    // service-instance-group view.
    void groupServiceLocation();
    void undoGroupServiceLocation();
    void groupRemoteBackupService();
    void undoGroupRemoteBackupService();
    // remote-backup-service view.
    void rbsPeer();
    void undoRbsPeer();
    // nat instance view.
    void instanceGroup();
    void undoInstanceGroup();
    void addressGroup();
    void undoAddressGroup();
    void outbound();
    void undoOutbound();
    void portRange();
    void undoPortRange();
    void natIpAddress();
    void undoNatIpAddress();
    void allowAccess();
    void undoAllowAccess();
    // nat ip-pool view.
    void poolSection();
    void undoPoolSection();
    void poolSubnetLength();
    void undoPoolSubnetLength();
    void poolLoadBalance();
    void undoPoolLoadBalance();
    // vpn-instance view.
    void vpnIpv4Family();
    void vpnRouteDistinguisher();

    // Argument readers: each reports what was expected and returns nothing on bad input. Only
    // the first problem of a line is reported; the rest would mostly be its echoes.
    const Token* peek() const { return m_next < m_tokens.size() ? &m_tokens[m_next] : nullptr; }
    bool peekIs(std::string_view word) const { return peek() && peek()->text == word; }
    SourceLocation commandLocation() const { return {m_line, m_tokens.front().column}; }
    SourceLocation nextLocation() const;
    void fail(SourceLocation where, std::string message, std::string fix = {});
    void failExpected(std::string_view expected, std::string fix = {});
    bool keyword(std::string_view word);
    // A token as messages show it: a secret (the token after a secret keyword) as the mask.
    std::string_view shownToken(std::size_t index) const;
    // At a secret's token: whether it is kMaskedSecret, and if so whether that is read as its
    // value; a refused mask is an error naming the secret (`what`), its `owner` and `how` to
    // give a real one.
    bool maskedSecret(std::string_view what, std::string_view owner, std::string_view how,
                      bool* masked);
    std::optional<int> number(std::string_view what, int min, int max);
    std::optional<Ipv4Address> address();
    std::optional<int> mask(int min, int max, bool dottedAllowed);
    std::optional<std::string> interfaceName();
    std::optional<std::string> objectName(std::string_view what);
    std::optional<int> reduced();
    bool end();

    InterfaceConfig& currentInterface();
    ServiceLocationConfig& currentServiceLocation();
    VrrpGroupConfig& vrrpGroup(int vrid, SourceLocation where);
    template <typename T> T& current(std::vector<T>& items, T& scratch)
    {
        return m_object ? items[*m_object] : scratch;
    }
    // Enters the view of a named object, creating it when new. Returns it, or nothing when the
    // name is bad (the view is entered anyway, with a scratch target).
    template <typename T>
    T* enterNamed(std::vector<T>& items, T& scratch, View view, std::string_view what);
    template <typename T> void undoNamed(std::vector<T>& items, std::string_view what);

    ParseOptions m_options;
    DeviceConfig m_config;
    std::vector<ConfigError> m_errors;
    std::vector<SecretField> m_secrets;
    View m_view = View::System;
    // The target of the current view. A view header that failed to parse leaves it empty: the
    // sub-commands are still checked, but apply to a scratch object instead of the config.
    std::optional<std::size_t> m_interface;
    // Interfaces by name: configs of 100k interfaces parse in linear time.
    std::unordered_map<std::string, std::size_t> m_interfaceIndex;
    std::optional<std::size_t> m_serviceLocation;
    std::optional<std::size_t> m_object; // the views added with issue #4 share this one
    InterfaceConfig m_scratchInterface;
    ServiceLocationConfig m_scratchServiceLocation;
    ServiceInstanceGroupConfig m_scratchGroup;
    RemoteBackupServiceConfig m_scratchRbs;
    NatInstanceConfig m_scratchInstance;
    NatIpPoolConfig m_scratchPool;
    VpnInstanceConfig m_scratchVpn;

    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
    int m_line = 0;
    bool m_lineFailed = false;
    // After an unknown unindented line (a view header, most likely misspelt): the error it
    // got. The indented lines under it belong to that unknown view and are skipped, since each
    // would only echo the one mistake.
    std::optional<std::size_t> m_unknownViewError;
    bool m_skippedUnderUnknown = false;
    // What a failed line leaves out, for the reference checks: an unindented line may be the
    // object anything else names, so one such failure keeps them for a later parse; an indented
    // one leaves out a part of its view's object only, so only the findings naming that object
    // (by its header's words) would echo it.
    bool m_indented = false;
    std::vector<std::string> m_headerWords; // the last unindented line's words
    bool m_unindentedLineFailed = false;
    std::vector<std::string> m_incompleteObjects; // names of objects a failed line left partial
    bool echoesAFailedLine(const ConfigError& error) const;
};

const std::vector<Command>& Parser::commands()
{
    using P = Parser;
    static const std::vector<Command> table = {
        {{"sysname"}, View::System, &P::sysname},
        {{"service-ha", "hot-backup", "enable"}, View::System, &P::serviceHa},
        {{"service-ha", "delay-time"}, View::System, &P::serviceHaDelayTime},
        {{"batch-backup", "service-type", "nat"}, View::System, &P::batchBackup},
        {{"interface"}, View::System, &P::interface},
        {{"service-location"}, View::System, &P::serviceLocation},
        {{"remote-backup-service"}, View::System, &P::remoteBackupService},
        {{"service-instance-group"}, View::System, &P::serviceInstanceGroup},
        {{"nat", "instance"}, View::System, &P::natInstance},
        {{"nat", "ip-pool"}, View::System, &P::natIpPool},
        {{"ip", "vpn-instance"}, View::System, &P::vpnInstance},
        {{"tandem-agent"}, View::System, &P::tandemAgent},
        {{"quit"}, View::System, &P::leaveView},
        {{"return"}, View::System, &P::leaveView},
        {{"undo", "sysname"}, View::System, &P::undoSysname},
        {{"undo", "service-ha", "hot-backup", "enable"}, View::System, &P::undoServiceHa},
        {{"undo", "service-ha", "delay-time"}, View::System, &P::undoServiceHaDelayTime},
        {{"undo", "batch-backup", "service-type", "nat"}, View::System, &P::undoBatchBackup},
        {{"undo", "service-location"}, View::System, &P::undoServiceLocation},
        {{"undo", "remote-backup-service"}, View::System, &P::undoRemoteBackupService},
        {{"undo", "service-instance-group"}, View::System, &P::undoServiceInstanceGroup},
        {{"undo", "nat", "instance"}, View::System, &P::undoNatInstance},
        {{"undo", "nat", "ip-pool"}, View::System, &P::undoNatIpPool},
        {{"undo", "ip", "vpn-instance"}, View::System, &P::undoVpnInstance},

        {{"ip", "address"}, View::Interface, &P::ipAddress},
        {{"vrrp", "vrid"}, View::Interface, &P::interfaceVrrp},
        {{"vrrp", "recover-delay"}, View::Interface, &P::recoverDelay},
        {{"admin-vrrp", "vrid"}, View::Interface, &P::adminVrrp},
        {{"undo", "ip", "address"}, View::Interface, &P::undoIpAddress},
        {{"undo", "vrrp", "vrid"}, View::Interface, &P::undoInterfaceVrrp},
        {{"undo", "vrrp", "recover-delay"}, View::Interface, &P::undoRecoverDelay},
        {{"undo", "admin-vrrp", "vrid"}, View::Interface, &P::undoAdminVrrp},

        {{"location", "slot"}, View::ServiceLocation, &P::locationSlot},
        {{"remote-backup", "interface"}, View::ServiceLocation, &P::remoteBackup},
        {{"vrrp", "vrid"}, View::ServiceLocation, &P::serviceLocationVrrp},
        {{"undo", "remote-backup"}, View::ServiceLocation, &P::undoRemoteBackup},
        {{"undo", "vrrp"}, View::ServiceLocation, &P::undoServiceLocationVrrp},

        {{"management", "listen"}, View::Agent, &P::managementListen},
        {{"management", "user"}, View::Agent, &P::managementUser},
        {{"vrrp-transport", "udp"}, View::Agent, &P::vrrpTransport},
        {{"lab", "enable"}, View::Agent, &P::labEnable},
        {{"session-table", "size"}, View::Agent, &P::sessionTableSize},
        {{"metrics", "listen"}, View::Agent, &P::metricsListen},

        {{"service-location"}, View::ServiceInstanceGroup, &P::groupServiceLocation},
        {{"remote-backup-service"}, View::ServiceInstanceGroup, &P::groupRemoteBackupService},
        {{"undo", "service-location"}, View::ServiceInstanceGroup, &P::undoGroupServiceLocation},
        {{"undo", "remote-backup-service"},
         View::ServiceInstanceGroup,
         &P::undoGroupRemoteBackupService},

        {{"peer"}, View::RemoteBackupService, &P::rbsPeer},
        {{"undo", "peer"}, View::RemoteBackupService, &P::undoRbsPeer},

        {{"service-instance-group"}, View::NatInstance, &P::instanceGroup},
        {{"nat", "address-group"}, View::NatInstance, &P::addressGroup},
        {{"nat", "outbound"}, View::NatInstance, &P::outbound},
        {{"port-range"}, View::NatInstance, &P::portRange},
        {{"nat", "ip-address"}, View::NatInstance, &P::natIpAddress},
        {{"nat", "allow-access"}, View::NatInstance, &P::allowAccess},
        {{"undo", "service-instance-group"}, View::NatInstance, &P::undoInstanceGroup},
        {{"undo", "nat", "address-group"}, View::NatInstance, &P::undoAddressGroup},
        {{"undo", "nat", "outbound"}, View::NatInstance, &P::undoOutbound},
        {{"undo", "port-range"}, View::NatInstance, &P::undoPortRange},
        {{"undo", "nat", "ip-address"}, View::NatInstance, &P::undoNatIpAddress},
        {{"undo", "nat", "allow-access"}, View::NatInstance, &P::undoAllowAccess},

        {{"section"}, View::NatIpPool, &P::poolSection},
        {{"nat-instance", "subnet", "length"}, View::NatIpPool, &P::poolSubnetLength},
        {{"nat", "ip-pool", "load-balance", "enable"}, View::NatIpPool, &P::poolLoadBalance},
        {{"undo", "section"}, View::NatIpPool, &P::undoPoolSection},
        {{"undo", "nat-instance", "subnet", "length"}, View::NatIpPool, &P::undoPoolSubnetLength},
        {{"undo", "nat", "ip-pool", "load-balance", "enable"},
         View::NatIpPool,
         &P::undoPoolLoadBalance},

        {{"ipv4-family"}, View::VpnInstance, &P::vpnIpv4Family},
        {{"route-distinguisher"}, View::VpnInstance, &P::vpnRouteDistinguisher},
    };
    return table;
}

ParseResult Parser::run(std::string_view text)
{
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        ++m_line;
        parseLine(line);
        start = end + 1;
    }
    // A line that failed left its object out of the model: what names that object would be
    // reported as undefined, an echo of the line's own error. A failed view header (or any
    // unindented line) may be such an object, so the checks of the whole wait for every
    // such line to parse; failed lines inside views only silence what names their object.
    if (!m_unindentedLineFailed) {
        for (ConfigError& error : referenceErrors(m_config))
            if (!echoesAFailedLine(error))
                m_errors.push_back(std::move(error));
    }
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const auto& a, const auto& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return {std::move(m_config), std::move(m_errors), std::move(m_secrets)};
}

std::size_t Parser::matchedWords(const Command& command) const
{
    std::size_t matched = 0;
    while (matched < command.wordCount() && matched < m_tokens.size() &&
           m_tokens[matched].text == command.words[matched])
        ++matched;
    return matched;
}

bool Parser::usableHere(const Command& command) const
{
    return command.view == View::System || command.view == m_view;
}

// The view is decided by the last view-entering command, not by indentation: users hand-edit.
// Indentation only settles a line that is both a command of the current view and a system
// command (` service-location 1` in a service-instance-group is a member; unindented, it enters
// the service-location view), as VRP's own printout indents exactly the view's commands. An
// unknown unindented line is taken for the header of an unknown view: the indented lines after it
// are its own.
void Parser::parseLine(std::string_view line)
{
    m_tokens = tokenize(line);
    if (m_tokens.empty())
        return;
    const bool indented = m_tokens.front().column > 1;
    m_indented = indented;
    if (!indented) {
        m_headerWords.clear();
        for (const Token& token : m_tokens)
            m_headerWords.emplace_back(token.text);
    }
    if (m_unknownViewError && indented) {
        if (!m_skippedUnderUnknown)
            m_errors[*m_unknownViewError].message += "; the lines indented under it are skipped";
        m_skippedUnderUnknown = true;
        return;
    }
    m_unknownViewError.reset();
    m_skippedUnderUnknown = false;
    if (m_tokens.front().text.starts_with('#'))
        return;
    m_next = 0;
    m_lineFailed = false;

    std::size_t longestPartial = 0;
    const Command* chosen = nullptr;
    std::string otherViewCommand;
    std::vector<std::string> otherViews;
    for (const Command& command : commands()) {
        std::size_t matched = matchedWords(command);
        if (matched < command.wordCount()) {
            longestPartial = std::max(longestPartial, matched);
        } else if (usableHere(command)) {
            // The longest match wins; on a tie, indentation picks the view's own command.
            bool better = !chosen || command.wordCount() > chosen->wordCount() ||
                          (command.wordCount() == chosen->wordCount() &&
                           (command.view != View::System) == indented);
            if (better)
                chosen = &command;
        } else {
            otherViewCommand = command.text();
            otherViews.push_back(std::string(viewName(command.view)));
        }
    }
    if (chosen) {
        if (chosen->view == View::System)
            m_view = View::System;
        m_next = chosen->wordCount();
        (this->*chosen->handle)();
        return;
    }
    if (!otherViews.empty()) {
        fail(commandLocation(), quoted(otherViewCommand) + " is not a command of the " +
                                    std::string(viewName(m_view)) + " view; it belongs to the " +
                                    alternatives(otherViews) + " view");
        return;
    }
    reportUnknownCommand(longestPartial);
    if (!indented) {
        m_view = View::System;
        m_unknownViewError = m_errors.size() - 1;
    }
}

void Parser::reportUnknownCommand(std::size_t matched)
{
    std::vector<std::string> expected;
    bool hasUndo = false;
    auto collect = [&](bool hereOnly) {
        for (const Command& command : commands()) {
            bool candidate =
                matched > 0 ? matchedWords(command) == matched : command.view == m_view;
            if (!candidate || (hereOnly && !usableHere(command)))
                continue;
            // Nothing matched: the view's undo forms are summed up as one 'undo <command>'.
            if (matched == 0 && command.isUndo()) {
                hasUndo = true;
                continue;
            }
            std::string text = quoted(command.text());
            if (std::find(expected.begin(), expected.end(), text) == expected.end())
                expected.push_back(text);
        }
    };
    collect(true);
    if (expected.empty())
        collect(false);
    if (hasUndo)
        expected.push_back("'undo <command>'");

    // The words up to and including the first one that matches no command.
    std::string words(m_tokens[0].text);
    for (std::size_t i = 1; i <= matched && i < m_tokens.size(); ++i)
        words += " " + std::string(shownToken(i));
    if (matched == m_tokens.size()) {
        m_next = matched;
        fail(nextLocation(),
             "incomplete command " + quoted(words) + "; expected " + alternatives(expected));
        return;
    }
    std::string hint = matched > 0 ? "expected " + alternatives(expected)
                                   : "the " + std::string(viewName(m_view)) + " view accepts " +
                                         alternatives(expected);
    fail({m_line, m_tokens[matched].column}, "unknown command " + quoted(words) + "; " + hint,
         nearestCommandFix());
}

std::string Parser::nearestCommandFix() const
{
    const Command* nearest = nullptr;
    std::size_t nearestDistance = 0;
    for (const Command& command : commands()) {
        const std::size_t words = command.wordCount();
        if (!usableHere(command) || m_tokens.size() < words)
            continue;
        std::string typed(m_tokens[0].text);
        for (std::size_t i = 1; i < words; ++i)
            typed += " " + std::string(m_tokens[i].text);
        const std::string text = command.text();
        // Close enough to be a slip of the keyboard: one edit in five characters, 1 to 3.
        const std::size_t allowed = std::clamp<std::size_t>(text.size() / 5, 1, 3);
        const std::size_t distance = editDistance(typed, text);
        if (distance <= allowed && (!nearest || distance < nearestDistance)) {
            nearest = &command;
            nearestDistance = distance;
        }
    }
    if (!nearest)
        return {};
    std::string meant = nearest->text();
    for (std::size_t i = nearest->wordCount(); i < m_tokens.size(); ++i)
        meant += " " + std::string(shownToken(i));
    return "did you mean " + quoted(meant) + "?";
}

SourceLocation Parser::nextLocation() const
{
    if (const Token* token = peek())
        return {m_line, token->column};
    const Token& last = m_tokens.back();
    return {m_line, last.column + int(last.text.size()) + 1};
}

void Parser::fail(SourceLocation where, std::string message, std::string fix)
{
    if (!m_lineFailed) {
        m_errors.push_back({where, std::move(message), std::move(fix)});
        if (!m_indented) {
            m_unindentedLineFailed = true;
        } else if (!m_headerWords.empty()) {
            // "interface GigabitEthernet0/1/1" is named by its name; "service-location 1" and
            // "nat instance ni1 id 1" by the header's first words.
            m_incompleteObjects.push_back(m_headerWords.front() +
                                          (m_headerWords.size() > 1 ? ' ' + m_headerWords[1] : ""));
            for (std::size_t i = 1; i < m_headerWords.size(); ++i) {
                const std::string& word = m_headerWords[i];
                if (word.size() > 1 && !std::all_of(word.begin(), word.end(), ::isdigit))
                    m_incompleteObjects.push_back(word);
            }
        }
    }
    m_lineFailed = true;
}

bool Parser::echoesAFailedLine(const ConfigError& error) const
{
    const auto wordBoundary = [](const std::string& text, std::size_t at) {
        return at >= text.size() || std::string_view(" ',:").find(text[at]) != std::string_view::npos;
    };
    for (const std::string& name : m_incompleteObjects) {
        for (std::size_t at = error.message.find(name); at != std::string::npos;
             at = error.message.find(name, at + 1)) {
            if ((at == 0 || wordBoundary(error.message, at - 1)) &&
                wordBoundary(error.message, at + name.size()))
                return true;
        }
    }
    return false;
}

void Parser::failExpected(std::string_view expected, std::string fix)
{
    std::string message = "expected " + std::string(expected);
    if (m_next > 0)
        message += " after " + quoted(shownToken(m_next - 1));
    if (peek())
        message += ", got " + quoted(shownToken(m_next));
    fail(nextLocation(), std::move(message), std::move(fix));
}

std::string_view Parser::shownToken(std::size_t index) const
{
    if (index > 0 && isSecretKeyword(m_tokens[index - 1].text))
        return kMaskedSecret;
    return m_tokens[index].text;
}

bool Parser::maskedSecret(std::string_view what, std::string_view owner, std::string_view how,
                          bool* masked)
{
    *masked = peekIs(kMaskedSecret);
    if (!*masked || m_options.maskedSecrets)
        return true;
    fail(nextLocation(), std::string(what) + " is masked (" + quoted(kMaskedSecret) +
                             "): only an agent whose running configuration has one for this " +
                             std::string(owner) + " puts it back; give " + std::string(how));
    return false;
}

bool Parser::keyword(std::string_view word)
{
    if (peekIs(word)) {
        ++m_next;
        return true;
    }
    failExpected(quoted(word));
    return false;
}

std::optional<int> Parser::number(std::string_view what, int min, int max)
{
    const Token* token = peek();
    std::string range = std::to_string(min) + "-" + std::to_string(max);
    if (!token || !isDigits(token->text)) {
        failExpected(std::string(what) + " (" + range + ")");
        return std::nullopt;
    }
    long long value = 0;
    auto [ptr, ec] =
        std::from_chars(token->text.data(), token->text.data() + token->text.size(), value);
    if (ec != std::errc() || value < min || value > max) {
        fail(nextLocation(),
             std::string(what) + " " + std::string(token->text) + " out of range " + range);
        return std::nullopt;
    }
    ++m_next;
    return int(value);
}

std::optional<Ipv4Address> Parser::address()
{
    std::optional<Ipv4Address> parsed;
    if (const Token* token = peek())
        parsed = Ipv4Address::parse(token->text);
    if (!parsed) {
        failExpected("an IPv4 address", "write four numbers from 0 to 255 joined by dots, like "
                                        "10.1.1.1");
        return std::nullopt;
    }
    ++m_next;
    return parsed;
}

// A prefix length, or (when dottedAllowed) a dotted mask such as 255.255.255.0.
std::optional<int> Parser::mask(int min, int max, bool dottedAllowed)
{
    const Token* token = peek();
    if (token && isDigits(token->text))
        return number("prefix length", min, max);
    std::optional<Ipv4Address> dotted =
        token && dottedAllowed ? Ipv4Address::parse(token->text) : std::nullopt;
    if (!dotted) {
        failExpected(dottedAllowed ? "a mask (like 255.255.255.0 or 24)"
                                   : "a prefix length (" + std::to_string(min) + "-" +
                                         std::to_string(max) + ")");
        return std::nullopt;
    }
    std::uint32_t hostBits = ~dotted->value;
    if ((hostBits & (hostBits + 1)) != 0) {
        fail(nextLocation(), "mask " + quoted(token->text) +
                                 " is not contiguous; expected leading ones like 255.255.255.0");
        return std::nullopt;
    }
    const int length = std::popcount(dotted->value);
    if (length < min || length > max) {
        fail(nextLocation(), "mask " + quoted(token->text) + " (prefix length " +
                                 std::to_string(length) + ") out of range " + std::to_string(min) +
                                 "-" + std::to_string(max));
        return std::nullopt;
    }
    ++m_next;
    return length;
}

// "GigabitEthernet0/1/1" or VRP's "GigabitEthernet 0/1/1", returned joined.
std::optional<std::string> Parser::interfaceName()
{
    const Token* token = peek();
    std::optional<std::size_t> typeLength = token ? interfaceTypeLength(token->text) : std::nullopt;
    if (!typeLength) {
        failExpected("an interface name (like GigabitEthernet0/1/1)");
        return std::nullopt;
    }
    if (*typeLength < token->text.size() && !isInterfaceNumber(token->text.substr(*typeLength))) {
        fail(nextLocation(), "malformed interface number in " + quoted(token->text) +
                                 "; expected a type and a number like GigabitEthernet0/1/1");
        return std::nullopt;
    }
    std::string name(token->text);
    ++m_next;
    if (*typeLength == name.size()) {
        if (!peek() || !isInterfaceNumber(peek()->text)) {
            failExpected("an interface number (like 0/1/1)");
            return std::nullopt;
        }
        name += peek()->text;
        ++m_next;
    }
    return name;
}

// Names of groups, services, instances, pools and VPN instances. The reference gives 1–31
// characters for a service-instance-group; the same limit is assumed for the others.
std::optional<std::string> Parser::objectName(std::string_view what)
{
    const Token* token = peek();
    if (!token) {
        failExpected(what);
        return std::nullopt;
    }
    if (token->text.size() > 31) {
        fail(nextLocation(),
             std::string(what) + " " + quoted(token->text) + " is longer than 31 characters");
        return std::nullopt;
    }
    ++m_next;
    return std::string(token->text);
}

// `[reduced <1-255>]` closing a track command.
std::optional<int> Parser::reduced()
{
    if (!peek())
        return TrackInterface{}.reduced;
    if (peek()->text != "reduced") {
        failExpected("'reduced' or end of line");
        return std::nullopt;
    }
    ++m_next;
    std::optional<int> value = number("reduced", 1, 255);
    if (!value || !end())
        return std::nullopt;
    return value;
}

bool Parser::end()
{
    if (peek()) {
        fail(nextLocation(), "unexpected " + quoted(shownToken(m_next)) + " after " +
                                 quoted(shownToken(m_next - 1)) + "; expected end of line");
        return false;
    }
    return true;
}

InterfaceConfig& Parser::currentInterface()
{
    return m_interface ? m_config.interfaces[*m_interface] : m_scratchInterface;
}

ServiceLocationConfig& Parser::currentServiceLocation()
{
    return m_serviceLocation ? m_config.serviceLocations[*m_serviceLocation]
                             : m_scratchServiceLocation;
}

VrrpGroupConfig& Parser::vrrpGroup(int vrid, SourceLocation where)
{
    auto& groups = currentInterface().vrrpGroups;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const VrrpGroupConfig& g) { return g.vrid == vrid; });
    if (it != groups.end())
        return *it;
    VrrpGroupConfig created;
    created.vrid = vrid;
    created.where = where;
    return groups.emplace_back(std::move(created));
}

template <typename T>
T* Parser::enterNamed(std::vector<T>& items, T& scratch, View view, std::string_view what)
{
    const SourceLocation where = commandLocation();
    m_view = view;
    m_object.reset();
    scratch = {};
    std::optional<std::string> name = objectName(what);
    if (!name)
        return nullptr;
    auto it = findNamed(items, *name);
    if (it == items.end()) {
        T created;
        created.name = *name;
        created.where = where;
        it = items.insert(items.end(), std::move(created));
    }
    m_object = std::size_t(it - items.begin());
    return &*it;
}

template <typename T> void Parser::undoNamed(std::vector<T>& items, std::string_view what)
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = objectName(what);
    if (!name || !end())
        return;
    auto it = findNamed(items, *name);
    if (it == items.end()) {
        fail(nameWhere, "there is no " + std::string(what) + " " + quoted(*name) + " to undo");
        return;
    }
    items.erase(it);
}

// ---- system view -------------------------------------------------------------------------

void Parser::sysname()
{
    const Token* name = peek();
    if (!name) {
        failExpected("a device name");
        return;
    }
    ++m_next;
    if (end())
        m_config.sysname = std::string(name->text);
}

void Parser::undoSysname()
{
    if (end())
        m_config.sysname = DeviceConfig{}.sysname;
}

void Parser::serviceHa()
{
    if (!end())
        return;
    m_config.hotBackupEnabled = true;
    m_config.hotBackupWhere = commandLocation();
}

void Parser::undoServiceHa()
{
    if (end())
        m_config.hotBackupEnabled = false;
}

void Parser::serviceHaDelayTime()
{
    std::optional<int> seconds = number("delay-time", 1, 300);
    if (seconds && end())
        m_config.haDelayTimeSeconds = *seconds;
}

void Parser::undoServiceHaDelayTime()
{
    if (peek() && !number("delay-time", 1, 300))
        return;
    if (end())
        m_config.haDelayTimeSeconds = DeviceConfig{}.haDelayTimeSeconds;
}

void Parser::batchBackup()
{
    if (peekIs("enable")) {
        ++m_next;
        if (end())
            m_config.natBatchBackupEnabled = true;
    } else if (peekIs("timer-interval")) {
        ++m_next;
        std::optional<int> seconds = number("timer-interval", 1, 86400);
        if (seconds && end())
            m_config.natBatchBackupIntervalSeconds = seconds;
    } else {
        failExpected("'enable' or 'timer-interval <1-86400>'");
    }
}

void Parser::undoBatchBackup()
{
    if (peekIs("enable")) {
        ++m_next;
        if (end())
            m_config.natBatchBackupEnabled = false;
    } else if (peekIs("timer-interval")) {
        ++m_next;
        if (peek() && !number("timer-interval", 1, 86400))
            return;
        if (end())
            m_config.natBatchBackupIntervalSeconds.reset();
    } else {
        failExpected("'enable' or 'timer-interval'");
    }
}

void Parser::interface()
{
    const SourceLocation where = commandLocation();
    m_view = View::Interface;
    m_interface.reset();
    m_scratchInterface = {};
    std::optional<std::string> name = interfaceName();
    if (!name || !end())
        return;
    auto& interfaces = m_config.interfaces;
    const auto [it, added] = m_interfaceIndex.try_emplace(*name, interfaces.size());
    if (added) {
        InterfaceConfig iface;
        iface.name = *name;
        iface.where = where;
        interfaces.push_back(std::move(iface));
    }
    m_interface = it->second;
}

void Parser::serviceLocation()
{
    const SourceLocation where = commandLocation();
    m_view = View::ServiceLocation;
    m_serviceLocation.reset();
    m_scratchServiceLocation = {};
    std::optional<int> id = number("service-location id", 1, 255);
    if (!id || !end())
        return;
    auto& locations = m_config.serviceLocations;
    auto it =
        std::find_if(locations.begin(), locations.end(),
                     [&](const ServiceLocationConfig& location) { return location.id == *id; });
    if (it == locations.end()) {
        ServiceLocationConfig location;
        location.id = *id;
        location.where = where;
        it = locations.insert(locations.end(), std::move(location));
    }
    m_serviceLocation = std::size_t(it - locations.begin());
}

void Parser::undoServiceLocation()
{
    const SourceLocation idWhere = nextLocation();
    std::optional<int> id = number("service-location id", 1, 255);
    if (!id || !end())
        return;
    if (std::erase_if(m_config.serviceLocations, [&](const ServiceLocationConfig& location) {
            return location.id == *id;
        }) == 0)
        fail(idWhere, "there is no service-location " + std::to_string(*id) + " to undo");
}

void Parser::remoteBackupService()
{
    enterNamed(m_config.remoteBackupServices, m_scratchRbs, View::RemoteBackupService,
               "a remote-backup-service name");
    end();
}

void Parser::undoRemoteBackupService()
{
    undoNamed(m_config.remoteBackupServices, "remote-backup-service");
}

void Parser::serviceInstanceGroup()
{
    enterNamed(m_config.serviceInstanceGroups, m_scratchGroup, View::ServiceInstanceGroup,
               "a service-instance-group name");
    end();
}

void Parser::undoServiceInstanceGroup()
{
    undoNamed(m_config.serviceInstanceGroups, "service-instance-group");
}

// `nat instance <name> [id <1-4095>]`: the id is given when the instance is created; re-entering
// the view may leave it out, but may not change it.
void Parser::natInstance()
{
    NatInstanceConfig* instance = enterNamed(m_config.natInstances, m_scratchInstance,
                                             View::NatInstance, "a nat instance name");
    if (!instance || !peek())
        return;
    if (!keyword("id"))
        return;
    const SourceLocation idWhere = nextLocation();
    std::optional<int> id = number("nat instance id", 1, 4095);
    if (!id || !end())
        return;
    if (instance->id && *instance->id != *id) {
        fail(idWhere, "nat instance " + quoted(instance->name) + " already has id " +
                          std::to_string(*instance->id) + " (line " +
                          std::to_string(instance->where.line) + "); an id cannot be changed");
        return;
    }
    instance->id = id;
}

void Parser::undoNatInstance()
{
    undoNamed(m_config.natInstances, "nat instance");
}

// `nat ip-pool <name> [dynamic] [vpn-instance <v>] [no-pat] [slave]`. The options are fixed when
// the pool is created; re-entering the view with the bare name is how its sections are edited.
void Parser::natIpPool()
{
    if (peekIs("load-balance")) {
        fail(commandLocation(), "'nat ip-pool load-balance enable' is a command of the nat "
                                "ip-pool view; enter a pool with 'nat ip-pool <name>' first");
        m_view = View::System;
        return;
    }
    const SourceLocation where = commandLocation();
    auto& pools = m_config.natIpPools;
    const bool existed = peek() && findNamed(pools, peek()->text) != pools.end();
    NatIpPoolConfig* pool = enterNamed(pools, m_scratchPool, View::NatIpPool, "a nat ip-pool name");
    if (!pool)
        return;
    NatIpPoolConfig options;
    while (const Token* token = peek()) {
        if (token->text == "dynamic" && !options.dynamic) {
            options.dynamic = true;
        } else if (token->text == "no-pat" && !options.noPat) {
            options.noPat = true;
        } else if (token->text == "slave" && !options.slave) {
            options.slave = true;
        } else if (token->text == "vpn-instance" && options.vpnInstance.empty()) {
            ++m_next;
            std::optional<std::string> vpn = objectName("a vpn-instance name");
            if (!vpn)
                return;
            options.vpnInstance = *vpn;
            continue;
        } else {
            failExpected("'dynamic', 'vpn-instance', 'no-pat', 'slave' or end of line");
            return;
        }
        ++m_next;
    }
    const bool bare =
        options.vpnInstance.empty() && !options.dynamic && !options.noPat && !options.slave;
    if (!existed) {
        pool->dynamic = options.dynamic;
        pool->noPat = options.noPat;
        pool->slave = options.slave;
        pool->vpnInstance = options.vpnInstance;
    } else if (!bare &&
               (pool->dynamic != options.dynamic || pool->noPat != options.noPat ||
                pool->slave != options.slave || pool->vpnInstance != options.vpnInstance)) {
        fail(where, "nat ip-pool " + quoted(pool->name) + " was created on line " +
                        std::to_string(pool->where.line) +
                        " with other options; its options cannot be changed");
    }
}

void Parser::undoNatIpPool()
{
    undoNamed(m_config.natIpPools, "nat ip-pool");
}

void Parser::vpnInstance()
{
    enterNamed(m_config.vpnInstances, m_scratchVpn, View::VpnInstance, "a vpn-instance name");
    end();
}

void Parser::undoVpnInstance()
{
    undoNamed(m_config.vpnInstances, "vpn-instance");
}

void Parser::tandemAgent()
{
    m_view = View::Agent;
    end();
}

// `quit` and `return` both land in the system view: the only view above the ones we parse.
void Parser::leaveView()
{
    end();
}

// ---- interface view ----------------------------------------------------------------------

void Parser::ipAddress()
{
    std::optional<Ipv4Address> ip = address();
    if (!ip)
        return;
    std::optional<int> prefixLength = mask(0, 32, true);
    if (!prefixLength || !end())
        return;
    currentInterface().address = ip;
    currentInterface().prefixLength = *prefixLength;
}

void Parser::undoIpAddress()
{
    if (peek() && (!address() || !mask(0, 32, true)))
        return;
    if (!end())
        return;
    currentInterface().address.reset();
    currentInterface().prefixLength = 0;
}

void Parser::interfaceVrrp()
{
    const SourceLocation where = commandLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid)
        return;
    auto group = [&]() -> VrrpGroupConfig& { return vrrpGroup(*vrid, where); };

    static constexpr std::array<std::string_view, 6> subCommands = {
        "virtual-ip", "priority", "preempt-mode", "timer", "holding-multiplier", "track"};
    const Token* token = peek();
    if (!token ||
        std::find(subCommands.begin(), subCommands.end(), token->text) == subCommands.end()) {
        failExpected("'virtual-ip', 'priority', 'preempt-mode', 'timer', 'holding-multiplier' or "
                     "'track'");
        return;
    }
    ++m_next;
    const std::string_view sub = token->text;
    if (sub == "virtual-ip") {
        const SourceLocation ipWhere = nextLocation();
        std::optional<Ipv4Address> ip = address();
        if (!ip || !end())
            return;
        VrrpGroupConfig& target = group();
        // VRP allows several virtual IPs per group; the model, and the agent, carry one.
        if (target.virtualIp && *target.virtualIp != *ip)
            fail(ipWhere, "vrrp vrid " + std::to_string(*vrid) + " already has virtual-ip " +
                              target.virtualIp->toString() + "; one virtual IP per group");
        else
            target.virtualIp = ip;
    } else if (sub == "priority") {
        std::optional<int> priority = number("priority", 1, 254);
        if (priority && end()) {
            group().priority = *priority;
            group().priorityWhere = where;
        }
    } else if (sub == "preempt-mode") {
        if (peekIs("disable")) {
            ++m_next;
            if (end()) {
                group().preempt = false;
                group().preemptWhere = where;
            }
            return;
        }
        if (!peekIs("timer")) {
            failExpected("'timer delay <0-10800>' or 'disable'");
            return;
        }
        ++m_next;
        if (!keyword("delay"))
            return;
        std::optional<int> delay = number("preempt delay", 0, 10800);
        if (!delay || !end())
            return;
        group().preempt = true;
        group().preemptDelaySeconds = *delay;
        group().preemptWhere = where;
    } else if (sub == "timer") {
        if (!keyword("advertise"))
            return;
        std::optional<int> centiseconds;
        if (peekIs("millisecond")) {
            ++m_next;
            const SourceLocation msWhere = nextLocation();
            // VRP offers 100, 200 and 500; Tandem also takes any whole number of centiseconds
            // from 10 ms, RFC 5798's unit, for pairs that must fail over within 50 ms.
            std::optional<int> ms = number("advertise interval in milliseconds", 10, 40950);
            if (ms && *ms % 10 != 0)
                fail(msWhere,
                     "advertise interval " + std::to_string(*ms) +
                         " ms not supported; expected a multiple of 10 ms (100, 200, 500 on VRP)");
            else if (ms)
                centiseconds = *ms / 10;
        } else if (std::optional<int> seconds = number("advertise interval in seconds", 1, 255)) {
            centiseconds = *seconds * 100;
        }
        if (centiseconds && end())
            group().advertIntervalCentiseconds = *centiseconds;
    } else if (sub == "holding-multiplier") {
        std::optional<int> multiplier = number("holding-multiplier", 3, 10);
        if (multiplier && end())
            group().holdingMultiplier = *multiplier;
    } else {
        const std::string_view kind = peek() ? peek()->text : std::string_view();
        if (kind != "service-location" && kind != "interface") {
            failExpected("'service-location' or 'interface'");
            return;
        }
        ++m_next;
        const SourceLocation targetWhere = nextLocation();
        if (kind == "service-location") {
            std::optional<int> id = number("service-location id", 1, 255);
            std::optional<int> reduction = id ? reduced() : std::nullopt;
            if (!reduction)
                return;
            auto& tracks = group().trackServiceLocations;
            auto it = std::find_if(tracks.begin(), tracks.end(), [&](const auto& track) {
                return track.serviceLocationId == *id;
            });
            if (it != tracks.end())
                it->reduced = *reduction;
            else
                tracks.push_back({*id, *reduction, where, targetWhere});
        } else {
            std::optional<std::string> name = interfaceName();
            std::optional<int> reduction = name ? reduced() : std::nullopt;
            if (!reduction)
                return;
            auto& tracks = group().trackInterfaces;
            auto it = std::find_if(tracks.begin(), tracks.end(),
                                   [&](const auto& track) { return track.interfaceName == *name; });
            if (it != tracks.end())
                it->reduced = *reduction;
            else
                tracks.push_back({*name, *reduction, where, targetWhere});
        }
    }
}

// `undo vrrp vrid <n> [virtual-ip [<ip>] | priority | preempt-mode [timer delay] |
// timer advertise | holding-multiplier | track {service-location|interface} [<target> …]]`
void Parser::undoInterfaceVrrp()
{
    const SourceLocation vridWhere = nextLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid)
        return;
    auto& groups = currentInterface().vrrpGroups;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const VrrpGroupConfig& g) { return g.vrid == *vrid; });
    auto missing = [&] {
        fail(vridWhere, "vrrp vrid " + std::to_string(*vrid) + " is not configured on interface " +
                            quoted(currentInterface().name) + "; nothing to undo");
    };
    const VrrpGroupConfig defaults;
    const Token* token = peek();
    // A group cannot live without its virtual IP: removing the address removes the group.
    if (!token || token->text == "virtual-ip") {
        if (token) {
            ++m_next;
            if (peek() && !address())
                return;
        }
        if (!end())
            return;
        if (it == groups.end())
            return missing();
        groups.erase(it);
        return;
    }
    ++m_next;
    const std::string_view sub = token->text;
    if (sub == "priority" || sub == "holding-multiplier") {
        if (!end())
            return;
        if (it == groups.end())
            return missing();
        if (sub == "priority")
            it->priority = defaults.priority;
        else
            it->holdingMultiplier = defaults.holdingMultiplier;
    } else if (sub == "preempt-mode") {
        const bool delayOnly = peekIs("timer");
        if (delayOnly && (!keyword("timer") || !keyword("delay")))
            return;
        if (!end())
            return;
        if (it == groups.end())
            return missing();
        it->preemptDelaySeconds = defaults.preemptDelaySeconds;
        if (!delayOnly)
            it->preempt = defaults.preempt;
    } else if (sub == "timer") {
        if (!keyword("advertise") || !end())
            return;
        if (it == groups.end())
            return missing();
        it->advertIntervalCentiseconds = defaults.advertIntervalCentiseconds;
    } else if (sub == "track") {
        const std::string_view kind = peek() ? peek()->text : std::string_view();
        if (kind != "service-location" && kind != "interface") {
            failExpected("'service-location' or 'interface'");
            return;
        }
        ++m_next;
        std::optional<int> id;
        std::optional<std::string> name;
        if (peek()) {
            if (kind == "service-location")
                id = number("service-location id", 1, 255);
            else
                name = interfaceName();
            if (!id && !name)
                return;
            if (peek() && !reduced())
                return;
        }
        if (!end())
            return;
        if (it == groups.end())
            return missing();
        if (kind == "service-location")
            std::erase_if(it->trackServiceLocations,
                          [&](const auto& track) { return !id || track.serviceLocationId == *id; });
        else
            std::erase_if(it->trackInterfaces,
                          [&](const auto& track) { return !name || track.interfaceName == *name; });
    } else {
        --m_next;
        failExpected("'virtual-ip', 'priority', 'preempt-mode', 'timer', 'holding-multiplier', "
                     "'track' or end of line");
    }
}

void Parser::recoverDelay()
{
    std::optional<int> delay = number("recover-delay", 0, 3600);
    if (delay && end())
        currentInterface().recoverDelaySeconds = *delay;
}

void Parser::undoRecoverDelay()
{
    if (end())
        currentInterface().recoverDelaySeconds = 0;
}

// `admin-vrrp vrid <n> [ignore-if-down]`: makes the group an mVRRP group.
void Parser::adminVrrp()
{
    const SourceLocation where = commandLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid)
        return;
    bool ignoreIfDown = false;
    if (peek()) {
        if (!peekIs("ignore-if-down")) {
            failExpected("'ignore-if-down' or end of line");
            return;
        }
        ++m_next;
        ignoreIfDown = true;
    }
    if (!end())
        return;
    VrrpGroupConfig& group = vrrpGroup(*vrid, where);
    group.admin = true;
    group.ignoreIfDown = ignoreIfDown;
}

void Parser::undoAdminVrrp()
{
    const SourceLocation vridWhere = nextLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid)
        return;
    const bool ignoreOnly = peekIs("ignore-if-down");
    if (ignoreOnly)
        ++m_next;
    if (!end())
        return;
    auto& groups = currentInterface().vrrpGroups;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const VrrpGroupConfig& g) { return g.vrid == *vrid && g.admin; });
    if (it == groups.end()) {
        fail(vridWhere, "vrrp vrid " + std::to_string(*vrid) + " on interface " +
                            quoted(currentInterface().name) +
                            " is not an admin-vrrp group; nothing to undo");
        return;
    }
    it->ignoreIfDown = false;
    if (!ignoreOnly)
        it->admin = false;
}

// ---- service-location view ---------------------------------------------------------------

// `location slot <n> [{card|engine} <id>] [backup slot <n> [{card|engine} <id>]]`. Card and
// engine ids are read as 0–15; the reference gives no range.
void Parser::locationSlot()
{
    const SourceLocation where = commandLocation();
    ServiceLocationConfig parsed;
    auto unit = [&](std::optional<int>& card, std::optional<int>& engine) {
        if (peekIs("card") || peekIs("engine")) {
            const bool isCard = peek()->text == "card";
            ++m_next;
            std::optional<int> id = number(isCard ? "card" : "engine", 0, 15);
            if (!id)
                return false;
            (isCard ? card : engine) = id;
        }
        return true;
    };
    parsed.slot = number("slot", 0, 255);
    if (!parsed.slot || !unit(parsed.card, parsed.engine))
        return;
    if (peek() && !peekIs("backup")) {
        failExpected("'card', 'engine', 'backup slot' or end of line");
        return;
    }
    if (peekIs("backup")) {
        ++m_next;
        if (!keyword("slot"))
            return;
        parsed.backupSlot = number("backup slot", 0, 255);
        if (!parsed.backupSlot || !unit(parsed.backupCard, parsed.backupEngine))
            return;
    }
    if (!end())
        return;
    ServiceLocationConfig& location = currentServiceLocation();
    location.slot = parsed.slot;
    location.card = parsed.card;
    location.engine = parsed.engine;
    location.backupSlot = parsed.backupSlot;
    location.backupCard = parsed.backupCard;
    location.backupEngine = parsed.backupEngine;
    location.slotWhere = where;
}

void Parser::remoteBackup()
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = interfaceName();
    if (!name || !keyword("peer"))
        return;
    std::optional<Ipv4Address> peer = address();
    if (!peer)
        return;
    std::string key;
    std::optional<SourceLocation> keyWhere;
    bool keyMasked = false;
    bool hmac = false;
    if (peek()) {
        if (!peekIs("authentication-key")) {
            failExpected("'authentication-key' or end of line");
            return;
        }
        ++m_next;
        const Token* token = peek();
        if (!token) {
            failExpected("a key (8-16 characters, or a 48-character ciphertext)");
            return;
        }
        if (!maskedSecret("authentication-key", "service-location", "the key itself", &keyMasked))
            return;
        keyWhere = nextLocation();
        // The command reference: 8–16 characters in plain text, or 48 as ciphertext.
        if (!keyMasked && (token->text.size() < 8 || token->text.size() > 16) &&
            token->text.size() != 48) {
            fail(nextLocation(), "authentication-key has " + std::to_string(token->text.size()) +
                                     " characters; expected 8-16, or a 48-character ciphertext");
            return;
        }
        key = std::string(token->text);
        ++m_next;
        if (peek()) {
            if (!keyword("hash-algorithm") || !keyword("hmac-sha256"))
                return;
            hmac = true;
        }
    }
    if (!end())
        return;
    ServiceLocationConfig& location = currentServiceLocation();
    if (keyWhere && m_serviceLocation)
        m_secrets.push_back(
            {SecretField::Kind::AuthenticationKey, *keyWhere, {}, location.id, keyMasked});
    location.remoteBackupInterface = *name;
    location.remoteBackupPeer = peer;
    location.remoteBackupKey = key;
    location.remoteBackupHmacSha256 = hmac;
    location.remoteBackupWhere = nameWhere;
}

// `undo remote-backup [interface …]`: whatever follows names the channel being removed.
void Parser::undoRemoteBackup()
{
    if (peek()) {
        if (!keyword("interface") || !interfaceName())
            return;
        m_next = m_tokens.size();
    }
    ServiceLocationConfig& location = currentServiceLocation();
    location.remoteBackupInterface.clear();
    location.remoteBackupPeer.reset();
    location.remoteBackupKey.clear();
    location.remoteBackupHmacSha256 = false;
}

void Parser::serviceLocationVrrp()
{
    const SourceLocation vridWhere = nextLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid || !keyword("interface"))
        return;
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = interfaceName();
    if (!name || !end())
        return;
    ServiceLocationConfig& location = currentServiceLocation();
    location.vrrpVrid = vrid;
    location.vrrpInterface = *name;
    location.vrrpWhere = vridWhere;
    location.vrrpInterfaceWhere = nameWhere;
}

// `undo vrrp [vrid <n> [interface <if>]]`
void Parser::undoServiceLocationVrrp()
{
    if (peek()) {
        if (!keyword("vrid") || !number("VRID", 1, 255))
            return;
        if (peek() && (!keyword("interface") || !interfaceName()))
            return;
    }
    if (!end())
        return;
    ServiceLocationConfig& location = currentServiceLocation();
    location.vrrpVrid.reset();
    location.vrrpInterface.clear();
}

// ---- tandem-agent view -------------------------------------------------------------------

// `<ip> port <p>`, the endpoint of the agent's listeners.
std::optional<std::pair<Ipv4Address, int>> Parser::listenEndpoint()
{
    std::optional<Ipv4Address> ip = address();
    if (!ip || !keyword("port"))
        return std::nullopt;
    std::optional<int> port = number("port", 1, 65535);
    if (!port)
        return std::nullopt;
    return std::pair{*ip, *port};
}

void Parser::managementListen()
{
    const auto endpoint = listenEndpoint();
    if (!endpoint)
        return;
    const bool tls = peekIs("tls");
    if (tls)
        ++m_next;
    else if (peek()) {
        failExpected("'tls' or end of line");
        return;
    }
    if (!end())
        return;
    m_config.agent.managementAddress = endpoint->first;
    m_config.agent.managementPort = endpoint->second;
    m_config.agent.managementTls = tls;
}

void Parser::managementUser()
{
    const SourceLocation where = commandLocation();
    const Token* name = peek();
    if (!name) {
        failExpected("a user name");
        return;
    }
    ++m_next;
    if (!keyword("role"))
        return;
    std::optional<UserRole> role = peek() ? userRoleFromString(peek()->text) : std::nullopt;
    if (!role) {
        failExpected("'viewer', 'operator' or 'admin'");
        return;
    }
    ++m_next;
    // Without a password hash or token the user can only log in by peer credentials: on the
    // agent's local socket, and so through the SSH bridge, as the OS user of the same name.
    std::optional<std::string_view> hashText;
    std::optional<std::string> tokenText;
    std::vector<SecretField> secrets;
    while (const Token* option = peek()) {
        const bool password = option->text == "password-hash" && !hashText;
        const bool token = option->text == "token-sha256" && !tokenText;
        if (!password && !token) {
            failExpected(!hashText && !tokenText ? "'password-hash', 'token-sha256' or end of line"
                         : !hashText             ? "'password-hash' or end of line"
                         : !tokenText            ? "'token-sha256' or end of line"
                                                 : "end of line");
            return;
        }
        ++m_next;
        const Token* value = peek();
        bool masked = false;
        if (value && !maskedSecret(password ? "password-hash" : "token-sha256", "user",
                                   password ? "the hash (from `tandem-agent hash-password`)"
                                            : "the token's SHA-256 (from `tandem-agent "
                                              "make-token`)",
                                   &masked))
            return;
        if (password && !masked && (!value || !isPasswordHash(value->text))) {
            failExpected("a hash like pbkdf2-sha256$<iterations>$<salt-base64>$<hash-base64>");
            return;
        }
        if (token && !masked && (!value || !isTokenSha256(value->text))) {
            failExpected("the token's SHA-256 as 64 hex digits (from `tandem-agent make-token`)");
            return;
        }
        secrets.push_back(
            {password ? SecretField::Kind::PasswordHash : SecretField::Kind::TokenSha256,
             nextLocation(), std::string(name->text), 0, masked});
        if (password) {
            hashText = value->text;
        } else {
            tokenText = std::string(value->text);
            std::transform(tokenText->begin(), tokenText->end(), tokenText->begin(),
                           [](char c) { return c >= 'A' && c <= 'F' ? char(c - 'A' + 'a') : c; });
        }
        ++m_next;
    }
    if (!end())
        return;
    m_secrets.insert(m_secrets.end(), secrets.begin(), secrets.end());
    auto& users = m_config.agent.users;
    auto it = findNamed(users, name->text);
    if (it == users.end())
        it = users.insert(users.end(), ManagementUser{std::string(name->text), {}, {}, {}, where});
    it->role = *role;
    it->passwordHash = std::string(hashText.value_or(std::string_view()));
    it->tokenSha256 = tokenText.value_or(std::string());
}

void Parser::vrrpTransport()
{
    if (!keyword("port"))
        return;
    std::optional<int> port = number("port", 1, 65535);
    if (port && end())
        m_config.agent.vrrpPort = *port;
}

void Parser::metricsListen()
{
    const auto endpoint = listenEndpoint();
    if (!endpoint || !end())
        return;
    m_config.agent.metricsAddress = endpoint->first;
    m_config.agent.metricsPort = endpoint->second;
}

void Parser::labEnable()
{
    if (end())
        m_config.agent.labEnabled = true;
}

void Parser::sessionTableSize()
{
    std::optional<int> size = number("session table size", 65536, 16777216);
    if (size && end())
        m_config.agent.sessionTableSize = std::uint32_t(*size);
}

// ---- service-instance-group view ---------------------------------------------------------

void Parser::groupServiceLocation()
{
    const SourceLocation idWhere = nextLocation();
    std::optional<int> id = number("service-location id", 1, 255);
    if (!id || !end())
        return;
    auto& members = current(m_config.serviceInstanceGroups, m_scratchGroup).serviceLocations;
    if (std::none_of(members.begin(), members.end(),
                     [&](const ServiceLocationMember& member) { return member.id == *id; }))
        members.push_back({*id, idWhere});
}

void Parser::undoGroupServiceLocation()
{
    const SourceLocation idWhere = nextLocation();
    std::optional<int> id = number("service-location id", 1, 255);
    if (!id || !end())
        return;
    ServiceInstanceGroupConfig& group = current(m_config.serviceInstanceGroups, m_scratchGroup);
    if (std::erase_if(group.serviceLocations,
                      [&](const ServiceLocationMember& member) { return member.id == *id; }) == 0)
        fail(idWhere, "service-location " + std::to_string(*id) +
                          " is not a member of service-instance-group " + quoted(group.name) +
                          "; nothing to undo");
}

void Parser::groupRemoteBackupService()
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = objectName("a remote-backup-service name");
    if (!name || !end())
        return;
    ServiceInstanceGroupConfig& group = current(m_config.serviceInstanceGroups, m_scratchGroup);
    group.remoteBackupService = *name;
    group.remoteBackupServiceWhere = nameWhere;
}

void Parser::undoGroupRemoteBackupService()
{
    if (peek() && !objectName("a remote-backup-service name"))
        return;
    if (end())
        current(m_config.serviceInstanceGroups, m_scratchGroup).remoteBackupService.clear();
}

// ---- remote-backup-service view ----------------------------------------------------------

// `peer <ip> source <ip> port <1024-55535>`
void Parser::rbsPeer()
{
    const SourceLocation where = commandLocation();
    std::optional<Ipv4Address> peer = address();
    if (!peer || !keyword("source"))
        return;
    std::optional<Ipv4Address> source = address();
    if (!source || !keyword("port"))
        return;
    std::optional<int> port = number("port", 1024, 55535);
    if (!port || !end())
        return;
    RemoteBackupServiceConfig& rbs = current(m_config.remoteBackupServices, m_scratchRbs);
    rbs.peer = peer;
    rbs.source = source;
    rbs.port = *port;
    rbs.peerWhere = where;
}

void Parser::undoRbsPeer()
{
    m_next = m_tokens.size(); // whatever follows names the peer being removed
    RemoteBackupServiceConfig& rbs = current(m_config.remoteBackupServices, m_scratchRbs);
    rbs.peer.reset();
    rbs.source.reset();
    rbs.port = 0;
}

// ---- nat instance view -------------------------------------------------------------------

void Parser::instanceGroup()
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = objectName("a service-instance-group name");
    if (!name || !end())
        return;
    NatInstanceConfig& instance = current(m_config.natInstances, m_scratchInstance);
    instance.serviceInstanceGroup = *name;
    instance.serviceInstanceGroupWhere = nameWhere;
}

void Parser::undoInstanceGroup()
{
    if (peek() && !objectName("a service-instance-group name"))
        return;
    if (end())
        current(m_config.natInstances, m_scratchInstance).serviceInstanceGroup.clear();
}

// `nat address-group <name> group-id <0-127> { <start> { mask <len|mask> | <end> }
// [vpn-instance <v>] [no-pat] | bind-ip-pool <pool> [over-load] }`
void Parser::addressGroup()
{
    NatAddressGroup group;
    group.where = commandLocation();
    std::optional<std::string> name = objectName("an address-group name");
    if (!name || !keyword("group-id"))
        return;
    group.name = *name;
    std::optional<int> id = number("group-id", 0, 127);
    if (!id)
        return;
    group.groupId = *id;
    if (peekIs("bind-ip-pool")) {
        ++m_next;
        std::optional<std::string> pool = objectName("a nat ip-pool name");
        if (!pool)
            return;
        group.ipPool = *pool;
        if (peekIs("over-load")) {
            ++m_next;
            group.overLoad = true;
        }
    } else {
        const Token* token = peek();
        if (!token || !Ipv4Address::parse(token->text)) {
            failExpected("a start address or 'bind-ip-pool'");
            return;
        }
        group.start = address();
        if (peekIs("mask")) {
            ++m_next;
            group.prefixLength = mask(0, 32, true);
            if (!group.prefixLength)
                return;
        } else {
            const Token* endToken = peek();
            if (!endToken || !Ipv4Address::parse(endToken->text)) {
                failExpected("an end address or 'mask'");
                return;
            }
            group.end = address();
        }
        if (peekIs("vpn-instance")) {
            ++m_next;
            std::optional<std::string> vpn = objectName("a vpn-instance name");
            if (!vpn)
                return;
            group.vpnInstance = *vpn;
        }
        if (peekIs("no-pat")) {
            ++m_next;
            group.noPat = true;
        }
    }
    if (!end())
        return;
    auto& groups = current(m_config.natInstances, m_scratchInstance).addressGroups;
    auto it = findNamed(groups, group.name);
    if (it != groups.end())
        *it = std::move(group);
    else
        groups.push_back(std::move(group));
}

void Parser::undoAddressGroup()
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = objectName("an address-group name");
    if (!name)
        return;
    m_next = m_tokens.size(); // the rest repeats the group's definition
    NatInstanceConfig& instance = current(m_config.natInstances, m_scratchInstance);
    if (std::erase_if(instance.addressGroups,
                      [&](const NatAddressGroup& group) { return group.name == *name; }) == 0)
        fail(nameWhere, "there is no nat address-group " + quoted(*name) + " in nat instance " +
                            quoted(instance.name) + " to undo");
}

// The traffic selector of `nat outbound`: an ACL number, `acl-name <name>` or `any`.
struct OutboundMatch
{
    std::optional<int> acl;
    std::string aclName;
};

void Parser::outbound()
{
    NatOutbound rule;
    rule.where = commandLocation();
    if (peekIs("any")) {
        ++m_next;
    } else if (peekIs("acl-name")) {
        ++m_next;
        std::optional<std::string> name = objectName("an ACL name");
        if (!name)
            return;
        rule.aclName = *name;
    } else if (peek() && isDigits(peek()->text)) {
        rule.acl = number("ACL number", 2000, 3999);
        if (!rule.acl)
            return;
    } else {
        failExpected("an ACL number (2000-3999), 'acl-name <name>' or 'any'");
        return;
    }
    if (!keyword("address-group"))
        return;
    std::optional<std::string> group = objectName("an address-group name");
    if (!group || !end())
        return;
    rule.addressGroup = *group;
    auto& rules = current(m_config.natInstances, m_scratchInstance).outbounds;
    auto it = std::find_if(rules.begin(), rules.end(), [&](const NatOutbound& other) {
        return other.acl == rule.acl && other.aclName == rule.aclName;
    });
    if (it != rules.end())
        *it = std::move(rule);
    else
        rules.push_back(std::move(rule));
}

void Parser::undoOutbound()
{
    const SourceLocation where = nextLocation();
    OutboundMatch match;
    if (peekIs("any")) {
        ++m_next;
    } else if (peekIs("acl-name")) {
        ++m_next;
        std::optional<std::string> name = objectName("an ACL name");
        if (!name)
            return;
        match.aclName = *name;
    } else if (peek() && isDigits(peek()->text)) {
        match.acl = number("ACL number", 2000, 3999);
        if (!match.acl)
            return;
    } else {
        failExpected("an ACL number (2000-3999), 'acl-name <name>' or 'any'");
        return;
    }
    m_next = m_tokens.size(); // the address-group that may follow is the rule's own
    auto& rules = current(m_config.natInstances, m_scratchInstance).outbounds;
    if (std::erase_if(rules, [&](const NatOutbound& rule) {
            return rule.acl == match.acl && rule.aclName == match.aclName;
        }) == 0)
        fail(where, "there is no such nat outbound rule to undo");
}

void Parser::portRange()
{
    const SourceLocation where = nextLocation();
    std::optional<int> size = number("port-range", 64, 32768);
    if (!size)
        return;
    if (!isPortRangeSize(*size)) {
        fail(where,
             "port-range " + std::to_string(*size) + " is not a power of two from 64 to 32768");
        return;
    }
    if (end())
        current(m_config.natInstances, m_scratchInstance).portRange = size;
}

void Parser::undoPortRange()
{
    if (peek() && !number("port-range", 64, 32768))
        return;
    if (end())
        current(m_config.natInstances, m_scratchInstance).portRange.reset();
}

// `nat ip-address <ip> <16-32> [vpn-instance <v>]`
void Parser::natIpAddress()
{
    NatIpAddress entry;
    entry.where = commandLocation();
    std::optional<Ipv4Address> ip = address();
    if (!ip)
        return;
    entry.address = *ip;
    std::optional<int> length = mask(16, 32, false);
    if (!length)
        return;
    entry.prefixLength = *length;
    if (peekIs("vpn-instance")) {
        ++m_next;
        std::optional<std::string> vpn = objectName("a vpn-instance name");
        if (!vpn)
            return;
        entry.vpnInstance = *vpn;
    }
    if (!end())
        return;
    auto& entries = current(m_config.natInstances, m_scratchInstance).ipAddresses;
    auto it = std::find_if(entries.begin(), entries.end(), [&](const NatIpAddress& other) {
        return other.address == entry.address && other.vpnInstance == entry.vpnInstance;
    });
    if (it != entries.end())
        *it = std::move(entry);
    else
        entries.push_back(std::move(entry));
}

void Parser::undoNatIpAddress()
{
    const SourceLocation where = nextLocation();
    std::optional<Ipv4Address> ip = address();
    if (!ip)
        return;
    m_next = m_tokens.size(); // mask and VPN repeat the entry's definition
    auto& entries = current(m_config.natInstances, m_scratchInstance).ipAddresses;
    if (std::erase_if(entries, [&](const NatIpAddress& entry) { return entry.address == *ip; }) ==
        0)
        fail(where, "there is no nat ip-address " + ip->toString() + " to undo");
}

// `nat allow-access { inside vpn-instance <v> | global vpn-instance <v> } *`: one or both, in
// either order; the line states the whole setting.
void Parser::allowAccess()
{
    const SourceLocation where = commandLocation();
    std::string inside;
    std::string global;
    while (peek() || (inside.empty() && global.empty())) {
        const bool isInside = peekIs("inside");
        if ((!isInside && !peekIs("global")) || !(isInside ? inside : global).empty()) {
            failExpected(inside.empty() && global.empty() ? "'inside' or 'global'"
                                                          : "'inside', 'global' or end of line");
            return;
        }
        ++m_next;
        if (!keyword("vpn-instance"))
            return;
        std::optional<std::string> vpn = objectName("a vpn-instance name");
        if (!vpn)
            return;
        (isInside ? inside : global) = *vpn;
    }
    NatInstanceConfig& instance = current(m_config.natInstances, m_scratchInstance);
    instance.allowAccessInsideVpn = inside;
    instance.allowAccessGlobalVpn = global;
    instance.allowAccessWhere = where;
}

void Parser::undoAllowAccess()
{
    m_next = m_tokens.size(); // the VPN instances that may follow are the setting's own
    NatInstanceConfig& instance = current(m_config.natInstances, m_scratchInstance);
    instance.allowAccessInsideVpn.clear();
    instance.allowAccessGlobalVpn.clear();
}

// ---- nat ip-pool view --------------------------------------------------------------------

// `section <0-255> <start-ip> mask <16-32>`
void Parser::poolSection()
{
    NatIpPoolSection section;
    section.where = commandLocation();
    std::optional<int> id = number("section id", 0, 255);
    if (!id)
        return;
    section.id = *id;
    std::optional<Ipv4Address> start = address();
    if (!start || !keyword("mask"))
        return;
    section.start = *start;
    std::optional<int> length = mask(16, 32, false);
    if (!length || !end())
        return;
    section.prefixLength = *length;
    auto& sections = current(m_config.natIpPools, m_scratchPool).sections;
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const NatIpPoolSection& other) { return other.id == section.id; });
    if (it != sections.end())
        *it = section;
    else
        sections.push_back(section);
}

void Parser::undoPoolSection()
{
    const SourceLocation where = nextLocation();
    std::optional<int> id = number("section id", 0, 255);
    if (!id)
        return;
    m_next = m_tokens.size(); // address and mask repeat the section's definition
    NatIpPoolConfig& pool = current(m_config.natIpPools, m_scratchPool);
    if (std::erase_if(pool.sections,
                      [&](const NatIpPoolSection& section) { return section.id == *id; }) == 0)
        fail(where, "there is no section " + std::to_string(*id) + " in nat ip-pool " +
                        quoted(pool.name) + " to undo");
}

// `nat-instance subnet length initial <len> [extend <len>]`. The reference gives no range; the
// lengths are read as 16–32, the range of a pool section's mask.
void Parser::poolSubnetLength()
{
    if (!keyword("initial"))
        return;
    std::optional<int> initial = number("initial subnet length", 16, 32);
    if (!initial)
        return;
    std::optional<int> extend;
    if (peek()) {
        if (!keyword("extend"))
            return;
        extend = number("extend subnet length", 16, 32);
        if (!extend)
            return;
    }
    if (!end())
        return;
    NatIpPoolConfig& pool = current(m_config.natIpPools, m_scratchPool);
    pool.subnetInitialLength = initial;
    pool.subnetExtendLength = extend;
    pool.subnetWhere = commandLocation();
}

void Parser::undoPoolSubnetLength()
{
    m_next = m_tokens.size(); // the lengths that may follow are the setting's own
    NatIpPoolConfig& pool = current(m_config.natIpPools, m_scratchPool);
    pool.subnetInitialLength.reset();
    pool.subnetExtendLength.reset();
}

void Parser::poolLoadBalance()
{
    if (!end())
        return;
    NatIpPoolConfig& pool = current(m_config.natIpPools, m_scratchPool);
    pool.loadBalance = true;
    pool.loadBalanceWhere = commandLocation();
}

void Parser::undoPoolLoadBalance()
{
    if (end())
        current(m_config.natIpPools, m_scratchPool).loadBalance = false;
}

// ---- vpn-instance view -------------------------------------------------------------------

void Parser::vpnIpv4Family()
{
    if (end())
        current(m_config.vpnInstances, m_scratchVpn).ipv4Family = true;
}

void Parser::vpnRouteDistinguisher()
{
    const Token* token = peek();
    if (!token || !isRouteDistinguisher(token->text)) {
        failExpected("a route distinguisher (like 100:1 or 10.0.0.1:1)");
        return;
    }
    ++m_next;
    if (end())
        current(m_config.vpnInstances, m_scratchVpn).routeDistinguisher = std::string(token->text);
}

} // namespace

ParseResult parseConfig(std::string_view text, const ParseOptions& options)
{
    return Parser(options).run(text);
}

ParseResult loadConfigFile(const std::string& path)
{
    auto fail = [&](int error) {
        ParseResult result;
        result.errors.push_back(
            {{}, "cannot read " + quoted(path) + ": " + std::system_category().message(error)});
        return result;
    };
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file)
        return fail(errno);
    std::string text;
    std::array<char, 65536> buffer;
    while (std::size_t count = std::fread(buffer.data(), 1, buffer.size(), file.get()))
        text.append(buffer.data(), count);
    // A directory opens fine on Linux; the read is what fails (EISDIR).
    if (std::ferror(file.get()))
        return fail(errno);
    return parseConfig(text);
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

} // namespace tandem::config
