#include "ConfigParser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <memory>
#include <system_error>

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
    Agent
};

std::string_view viewName(View view)
{
    constexpr std::array<std::string_view, 4> names = {"system", "interface", "service-location",
                                                       "tandem-agent"};
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

// A name or id that must be defined somewhere in the file. Checked once the whole file is read,
// since VRP lets a service-location name an interface configured further down.
struct Reference
{
    enum class Kind
    {
        Interface,
        InterfaceVrrp,
        ServiceLocation
    };
    // Every member has an initializer, so designated initializers can leave any out.
    Kind kind = Kind::Interface;
    std::string usage = {}; // the command, for the message: "remote-backup interface"
    std::string interfaceName = {};
    int id = 0;
    SourceLocation where = {};   // the referenced token
    SourceLocation idWhere = {}; // the VRID token of an InterfaceVrrp reference
    // The service-location a binding belongs to: binding it again replaces this reference.
    std::optional<std::size_t> owner = {};
};

class Parser;

struct Command
{
    std::array<std::string_view, 3> words;
    View view; // System: a system-view command, accepted from any view (it leaves the current one)
    void (Parser::*handle)();

    std::size_t wordCount() const { return words[2].empty() ? (words[1].empty() ? 1 : 2) : 3; }
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
    ParseResult run(std::string_view text);

private:
    static const std::vector<Command>& commands();

    void parseLine(std::string_view line);
    std::size_t matchedWords(const Command& command) const;
    bool usableHere(const Command& command) const;
    void reportUnknownCommand(std::size_t matched);
    void checkReferences();

    void sysname();
    void serviceHa();
    void interface();
    void serviceLocation();
    void tandemAgent();
    void leaveView();
    void ipAddress();
    void interfaceVrrp();
    void recoverDelay();
    void locationSlot();
    void remoteBackup();
    void serviceLocationVrrp();
    void managementListen();
    void managementUser();
    void vrrpTransport();
    void labEnable();

    // Argument readers: each reports what was expected and returns nothing on bad input. Only
    // the first problem of a line is reported; the rest would mostly be its echoes.
    const Token* peek() const { return m_next < m_tokens.size() ? &m_tokens[m_next] : nullptr; }
    SourceLocation commandLocation() const { return {m_line, m_tokens.front().column}; }
    SourceLocation nextLocation() const;
    void fail(SourceLocation where, std::string message);
    void failExpected(std::string_view expected);
    bool keyword(std::string_view word);
    std::optional<int> number(std::string_view what, int min, int max);
    std::optional<Ipv4Address> address();
    std::optional<std::string> interfaceName();
    std::optional<int> reduced();
    bool end();

    InterfaceConfig& currentInterface();
    ServiceLocationConfig& currentServiceLocation();
    void addReference(Reference reference);

    DeviceConfig m_config;
    std::vector<ConfigError> m_errors;
    std::vector<Reference> m_references;
    View m_view = View::System;
    // The target of the current view. A view header that failed to parse leaves it empty: the
    // sub-commands are still checked, but apply to a scratch object instead of the config.
    std::optional<std::size_t> m_interface;
    std::optional<std::size_t> m_serviceLocation;
    InterfaceConfig m_scratchInterface;
    ServiceLocationConfig m_scratchServiceLocation;

    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
    int m_line = 0;
    bool m_lineFailed = false;
};

const std::vector<Command>& Parser::commands()
{
    static const std::vector<Command> table = {
        {{"sysname"}, View::System, &Parser::sysname},
        {{"service-ha", "hot-backup", "enable"}, View::System, &Parser::serviceHa},
        {{"interface"}, View::System, &Parser::interface},
        {{"service-location"}, View::System, &Parser::serviceLocation},
        {{"tandem-agent"}, View::System, &Parser::tandemAgent},
        {{"quit"}, View::System, &Parser::leaveView},
        {{"return"}, View::System, &Parser::leaveView},
        {{"ip", "address"}, View::Interface, &Parser::ipAddress},
        {{"vrrp", "vrid"}, View::Interface, &Parser::interfaceVrrp},
        {{"vrrp", "recover-delay"}, View::Interface, &Parser::recoverDelay},
        {{"location", "slot"}, View::ServiceLocation, &Parser::locationSlot},
        {{"remote-backup", "interface"}, View::ServiceLocation, &Parser::remoteBackup},
        {{"vrrp", "vrid"}, View::ServiceLocation, &Parser::serviceLocationVrrp},
        {{"management", "listen"}, View::Agent, &Parser::managementListen},
        {{"management", "user"}, View::Agent, &Parser::managementUser},
        {{"vrrp-transport", "udp"}, View::Agent, &Parser::vrrpTransport},
        {{"lab", "enable"}, View::Agent, &Parser::labEnable},
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
    checkReferences();
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const auto& a, const auto& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return {std::move(m_config), std::move(m_errors)};
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
void Parser::parseLine(std::string_view line)
{
    m_tokens = tokenize(line);
    if (m_tokens.empty() || m_tokens.front().text.starts_with('#'))
        return;
    m_next = 0;
    m_lineFailed = false;

    std::size_t longestPartial = 0;
    std::string otherViewCommand;
    std::vector<std::string> otherViews;
    for (const Command& command : commands()) {
        std::size_t matched = matchedWords(command);
        if (matched < command.wordCount()) {
            longestPartial = std::max(longestPartial, matched);
        } else if (usableHere(command)) {
            if (command.view == View::System)
                m_view = View::System;
            m_next = command.wordCount();
            (this->*command.handle)();
            return;
        } else {
            otherViewCommand = command.text();
            otherViews.push_back(std::string(viewName(command.view)));
        }
    }
    if (!otherViews.empty()) {
        fail(commandLocation(), quoted(otherViewCommand) + " is not a command of the " +
                                    std::string(viewName(m_view)) + " view; it belongs to the " +
                                    alternatives(otherViews) + " view");
        return;
    }
    reportUnknownCommand(longestPartial);
}

void Parser::reportUnknownCommand(std::size_t matched)
{
    std::vector<std::string> expected;
    auto collect = [&](bool hereOnly) {
        for (const Command& command : commands()) {
            bool candidate =
                matched > 0 ? matchedWords(command) == matched : command.view == m_view;
            std::string text = quoted(command.text());
            if (candidate && (!hereOnly || usableHere(command)) &&
                std::find(expected.begin(), expected.end(), text) == expected.end())
                expected.push_back(text);
        }
    };
    collect(true);
    if (expected.empty())
        collect(false);

    // The words up to and including the first one that matches no command.
    std::string words(m_tokens[0].text);
    for (std::size_t i = 1; i <= matched && i < m_tokens.size(); ++i)
        words += " " + std::string(m_tokens[i].text);
    if (matched == m_tokens.size()) {
        m_next = matched;
        fail(nextLocation(),
             "incomplete command " + quoted(words) + "; expected " + alternatives(expected));
        return;
    }
    std::string hint = matched > 0 ? "expected " + alternatives(expected)
                                   : "the " + std::string(viewName(m_view)) + " view accepts " +
                                         alternatives(expected);
    fail({m_line, m_tokens[matched].column}, "unknown command " + quoted(words) + "; " + hint);
}

SourceLocation Parser::nextLocation() const
{
    if (const Token* token = peek())
        return {m_line, token->column};
    const Token& last = m_tokens.back();
    return {m_line, last.column + int(last.text.size()) + 1};
}

void Parser::fail(SourceLocation where, std::string message)
{
    if (!m_lineFailed)
        m_errors.push_back({where, std::move(message)});
    m_lineFailed = true;
}

void Parser::failExpected(std::string_view expected)
{
    std::string message = "expected " + std::string(expected);
    if (m_next > 0)
        message += " after " + quoted(m_tokens[m_next - 1].text);
    if (const Token* token = peek())
        message += ", got " + quoted(token->text);
    fail(nextLocation(), std::move(message));
}

bool Parser::keyword(std::string_view word)
{
    if (peek() && peek()->text == word) {
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
        failExpected("an IPv4 address");
        return std::nullopt;
    }
    ++m_next;
    return parsed;
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
    if (const Token* token = peek()) {
        fail(nextLocation(), "unexpected " + quoted(token->text) + " after " +
                                 quoted(m_tokens[m_next - 1].text) + "; expected end of line");
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

// References from a view whose header failed are left out: that header is already an error.
void Parser::addReference(Reference reference)
{
    bool attached =
        m_view == View::Interface ? m_interface.has_value() : m_serviceLocation.has_value();
    if (!attached)
        return;
    if (reference.owner) {
        std::erase_if(m_references, [&](const Reference& other) {
            return other.owner == reference.owner && other.kind == reference.kind;
        });
    }
    m_references.push_back(std::move(reference));
}

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

void Parser::serviceHa()
{
    if (end())
        m_config.hotBackupEnabled = true;
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
    auto it = std::find_if(interfaces.begin(), interfaces.end(),
                           [&](const InterfaceConfig& iface) { return iface.name == *name; });
    if (it == interfaces.end()) {
        InterfaceConfig iface;
        iface.name = *name;
        iface.where = where;
        it = interfaces.insert(interfaces.end(), std::move(iface));
    }
    m_interface = std::size_t(it - interfaces.begin());
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

void Parser::ipAddress()
{
    std::optional<Ipv4Address> ip = address();
    if (!ip)
        return;
    const Token* mask = peek();
    std::optional<int> prefixLength;
    if (mask && isDigits(mask->text)) {
        prefixLength = number("prefix length", 0, 32);
    } else if (std::optional<Ipv4Address> dotted =
                   mask ? Ipv4Address::parse(mask->text) : std::nullopt) {
        std::uint32_t hostBits = ~dotted->value;
        if ((hostBits & (hostBits + 1)) != 0) {
            fail(nextLocation(),
                 "mask " + quoted(mask->text) +
                     " is not contiguous; expected leading ones like 255.255.255.0");
            return;
        }
        prefixLength = std::popcount(dotted->value);
        ++m_next;
    } else {
        failExpected("a mask (like 255.255.255.0 or 24)");
    }
    if (!prefixLength || !end())
        return;
    currentInterface().address = ip;
    currentInterface().prefixLength = *prefixLength;
}

void Parser::interfaceVrrp()
{
    const SourceLocation where = commandLocation();
    std::optional<int> vrid = number("VRID", 1, 255);
    if (!vrid)
        return;
    auto group = [&]() -> VrrpGroupConfig& {
        auto& groups = currentInterface().vrrpGroups;
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const VrrpGroupConfig& g) { return g.vrid == *vrid; });
        if (it != groups.end())
            return *it;
        VrrpGroupConfig created;
        created.vrid = *vrid;
        created.where = where;
        return groups.emplace_back(std::move(created));
    };

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
        if (priority && end())
            group().priority = *priority;
    } else if (sub == "preempt-mode") {
        if (peek() && peek()->text == "disable") {
            ++m_next;
            if (end())
                group().preempt = false;
            return;
        }
        if (!peek() || peek()->text != "timer") {
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
    } else if (sub == "timer") {
        if (!keyword("advertise"))
            return;
        std::optional<int> centiseconds;
        if (peek() && peek()->text == "millisecond") {
            ++m_next;
            const SourceLocation msWhere = nextLocation();
            std::optional<int> ms = number("advertise interval in milliseconds", 100, 500);
            if (ms && *ms != 100 && *ms != 200 && *ms != 500)
                fail(msWhere, "advertise interval " + std::to_string(*ms) +
                                  " ms not supported; expected 100, 200 or 500");
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
            if (it != tracks.end()) {
                it->reduced = *reduction;
                return;
            }
            tracks.push_back({*id, *reduction, where});
            addReference({.kind = Reference::Kind::ServiceLocation,
                          .usage = "track service-location",
                          .id = *id,
                          .where = targetWhere});
        } else {
            std::optional<std::string> name = interfaceName();
            std::optional<int> reduction = name ? reduced() : std::nullopt;
            if (!reduction)
                return;
            auto& tracks = group().trackInterfaces;
            auto it = std::find_if(tracks.begin(), tracks.end(),
                                   [&](const auto& track) { return track.interfaceName == *name; });
            if (it != tracks.end()) {
                it->reduced = *reduction;
                return;
            }
            tracks.push_back({*name, *reduction, where});
            addReference({.kind = Reference::Kind::Interface,
                          .usage = "track interface",
                          .interfaceName = *name,
                          .where = targetWhere});
        }
    }
}

void Parser::recoverDelay()
{
    std::optional<int> delay = number("recover-delay", 0, 3600);
    if (delay && end())
        currentInterface().recoverDelaySeconds = *delay;
}

void Parser::locationSlot()
{
    std::optional<int> slot = number("slot", 0, 255);
    if (slot && end())
        currentServiceLocation().slot = slot;
}

void Parser::remoteBackup()
{
    const SourceLocation nameWhere = nextLocation();
    std::optional<std::string> name = interfaceName();
    if (!name || !keyword("peer"))
        return;
    std::optional<Ipv4Address> peer = address();
    if (!peer || !end())
        return;
    ServiceLocationConfig& location = currentServiceLocation();
    location.remoteBackupInterface = *name;
    location.remoteBackupPeer = peer;
    addReference({.kind = Reference::Kind::Interface,
                  .usage = "remote-backup interface",
                  .interfaceName = *name,
                  .where = nameWhere,
                  .owner = m_serviceLocation});
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
    addReference({.kind = Reference::Kind::InterfaceVrrp,
                  .usage = "vrrp vrid " + std::to_string(*vrid) + " interface",
                  .interfaceName = *name,
                  .id = *vrid,
                  .where = nameWhere,
                  .idWhere = vridWhere,
                  .owner = m_serviceLocation});
}

void Parser::managementListen()
{
    std::optional<Ipv4Address> ip = address();
    if (!ip || !keyword("port"))
        return;
    std::optional<int> port = number("port", 1, 65535);
    if (!port || !end())
        return;
    m_config.agent.managementAddress = ip;
    m_config.agent.managementPort = *port;
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
    if (!keyword("password-hash"))
        return;
    const Token* hash = peek();
    if (!hash || !isPasswordHash(hash->text)) {
        failExpected("a hash like pbkdf2-sha256$<iterations>$<salt-base64>$<hash-base64>");
        return;
    }
    ++m_next;
    if (!end())
        return;
    auto& users = m_config.agent.users;
    auto it = std::find_if(users.begin(), users.end(),
                           [&](const ManagementUser& user) { return user.name == name->text; });
    if (it == users.end())
        it = users.insert(users.end(), ManagementUser{std::string(name->text), {}, {}, where});
    it->role = *role;
    it->passwordHash = std::string(hash->text);
}

void Parser::vrrpTransport()
{
    if (!keyword("port"))
        return;
    std::optional<int> port = number("port", 1, 65535);
    if (port && end())
        m_config.agent.vrrpPort = *port;
}

void Parser::labEnable()
{
    if (end())
        m_config.agent.labEnabled = true;
}

void Parser::checkReferences()
{
    auto error = [&](SourceLocation where, std::string message) {
        m_errors.push_back({where, std::move(message)});
    };
    for (const Reference& reference : m_references) {
        if (reference.kind == Reference::Kind::ServiceLocation) {
            if (!m_config.findServiceLocation(reference.id))
                error(reference.where, reference.usage + " names service-location " +
                                           std::to_string(reference.id) +
                                           ", which is not configured");
            continue;
        }
        const InterfaceConfig* iface = m_config.findInterface(reference.interfaceName);
        if (!iface)
            error(reference.where, reference.usage + " names " + quoted(reference.interfaceName) +
                                       ", but there is no 'interface " + reference.interfaceName +
                                       "'");
        else if (reference.kind == Reference::Kind::InterfaceVrrp && !iface->findVrrp(reference.id))
            error(reference.idWhere, "vrrp vrid " + std::to_string(reference.id) +
                                         " is not configured on interface " +
                                         quoted(reference.interfaceName));
    }
    for (const InterfaceConfig& iface : m_config.interfaces) {
        if (!iface.vrrpGroups.empty() && !iface.address)
            error(iface.where, "interface " + quoted(iface.name) +
                                   " runs VRRP but has no 'ip address <ip> <mask>'");
        for (const VrrpGroupConfig& group : iface.vrrpGroups) {
            if (!group.virtualIp)
                error(group.where, "vrrp vrid " + std::to_string(group.vrid) + " on interface " +
                                       quoted(iface.name) + " has no 'vrrp vrid " +
                                       std::to_string(group.vrid) + " virtual-ip <ip>'");
        }
    }
}

std::string maskText(int prefixLength)
{
    std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t(0) << (32 - prefixLength);
    return Ipv4Address{mask}.toString();
}

void printInterface(std::string& out, const InterfaceConfig& iface)
{
    const VrrpGroupConfig defaults;
    out += "interface " + iface.name + "\n";
    if (iface.address)
        out +=
            " ip address " + iface.address->toString() + " " + maskText(iface.prefixLength) + "\n";
    for (const VrrpGroupConfig& group : iface.vrrpGroups) {
        const std::string prefix = " vrrp vrid " + std::to_string(group.vrid) + " ";
        if (group.virtualIp)
            out += prefix + "virtual-ip " + group.virtualIp->toString() + "\n";
        if (group.priority != defaults.priority)
            out += prefix + "priority " + std::to_string(group.priority) + "\n";
        // The delay comes first: it turns preemption on, `disable` then turns it off again.
        if (group.preemptDelaySeconds != defaults.preemptDelaySeconds)
            out += prefix + "preempt-mode timer delay " +
                   std::to_string(group.preemptDelaySeconds) + "\n";
        if (!group.preempt)
            out += prefix + "preempt-mode disable\n";
        const int interval = group.advertIntervalCentiseconds;
        if (interval == 10 || interval == 20 || interval == 50)
            out += prefix + "timer advertise millisecond " + std::to_string(interval * 10) + "\n";
        else if (interval != defaults.advertIntervalCentiseconds)
            out += prefix + "timer advertise " + std::to_string(interval / 100) + "\n";
        if (group.holdingMultiplier != defaults.holdingMultiplier)
            out += prefix + "holding-multiplier " + std::to_string(group.holdingMultiplier) + "\n";
        for (const TrackInterface& track : group.trackInterfaces)
            out += prefix + "track interface " + track.interfaceName + " reduced " +
                   std::to_string(track.reduced) + "\n";
        for (const TrackServiceLocation& track : group.trackServiceLocations)
            out += prefix + "track service-location " + std::to_string(track.serviceLocationId) +
                   " reduced " + std::to_string(track.reduced) + "\n";
    }
    if (iface.recoverDelaySeconds != 0)
        out += " vrrp recover-delay " + std::to_string(iface.recoverDelaySeconds) + "\n";
}

void printServiceLocation(std::string& out, const ServiceLocationConfig& location)
{
    out += "service-location " + std::to_string(location.id) + "\n";
    if (location.slot)
        out += " location slot " + std::to_string(*location.slot) + "\n";
    if (location.remoteBackupPeer && !location.remoteBackupInterface.empty())
        out += " remote-backup interface " + location.remoteBackupInterface + " peer " +
               location.remoteBackupPeer->toString() + "\n";
    if (location.vrrpVrid && !location.vrrpInterface.empty())
        out += " vrrp vrid " + std::to_string(*location.vrrpVrid) + " interface " +
               location.vrrpInterface + "\n";
}

void printAgent(std::string& out, const AgentSettings& agent)
{
    out += "tandem-agent\n";
    if (agent.managementAddress)
        out += " management listen " + agent.managementAddress->toString() + " port " +
               std::to_string(agent.managementPort) + "\n";
    for (const ManagementUser& user : agent.users)
        out += " management user " + user.name + " role " + std::string(toString(user.role)) +
               " password-hash " + user.passwordHash + "\n";
    // Always stated, default or not: both peers must agree on it, and no VRP default tells.
    out += " vrrp-transport udp port " + std::to_string(agent.vrrpPort) + "\n";
    if (agent.labEnabled)
        out += " lab enable\n";
}

} // namespace

ParseResult parseConfig(std::string_view text)
{
    return Parser().run(text);
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

std::string printConfig(const DeviceConfig& config)
{
    std::string out = "sysname " + config.sysname + "\n#\n";
    if (config.hotBackupEnabled)
        out += "service-ha hot-backup enable\n#\n";
    for (const InterfaceConfig& iface : config.interfaces) {
        printInterface(out, iface);
        out += "#\n";
    }
    for (const ServiceLocationConfig& location : config.serviceLocations) {
        printServiceLocation(out, location);
        out += "#\n";
    }
    if (config.agent != AgentSettings{}) {
        printAgent(out, config.agent);
        out += "#\n";
    }
    return out + "return\n";
}

} // namespace tandem::config
