#include "Secrets.h"

#include "ConfigParser.h"

#include <algorithm>
#include <array>
#include <map>

namespace tandem::config {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace

bool isSecretKeyword(std::string_view token)
{
    static constexpr std::array<std::string_view, 3> keywords = {"password-hash", "token-sha256",
                                                                 "authentication-key"};
    const std::size_t word = token.find_first_not_of("#+-!");
    if (word == std::string_view::npos)
        return false;
    token.remove_prefix(word);
    return std::find(keywords.begin(), keywords.end(), token) != keywords.end();
}

std::string maskSecrets(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool secretNext = false; // the previous token on this line was a secret keyword
    for (std::size_t pos = 0; pos < text.size();) {
        const char c = text[pos];
        if (c == '\n' || c == '\r' || isBlank(c)) {
            if (c == '\n')
                secretNext = false;
            out += c;
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size() && !isBlank(text[end]) && text[end] != '\n' && text[end] != '\r')
            ++end;
        const std::string_view token = text.substr(pos, end - pos);
        out += secretNext ? kMaskedSecret : token;
        secretNext = isSecretKeyword(token);
        pos = end;
    }
    return out;
}

DeviceConfig maskSecrets(DeviceConfig config)
{
    auto mask = [](std::string& secret) {
        if (!secret.empty())
            secret = kMaskedSecret;
    };
    for (ManagementUser& user : config.agent.users) {
        mask(user.passwordHash);
        mask(user.tokenSha256);
    }
    for (ServiceLocationConfig& location : config.serviceLocations)
        mask(location.remoteBackupKey);
    return config;
}

std::string keepRunningSecrets(std::string_view text, const DeviceConfig& running)
{
    if (text.find(kMaskedSecret) == std::string_view::npos)
        return std::string(text);
    const ParseResult parsed = parseConfig(text, {.maskedSecrets = true});
    // line → (column → the running secret), for the masked secrets the running config has.
    std::map<int, std::map<int, const std::string*>> kept;
    for (const SecretField& field : parsed.secrets) {
        if (!field.masked)
            continue;
        const std::string* secret = nullptr;
        if (field.kind == SecretField::Kind::AuthenticationKey) {
            const auto& locations = running.serviceLocations;
            const auto it = std::find_if(locations.begin(), locations.end(), [&](const auto& l) {
                return l.id == field.serviceLocationId;
            });
            if (it != locations.end())
                secret = &it->remoteBackupKey;
        } else {
            const auto& users = running.agent.users;
            const auto it = std::find_if(users.begin(), users.end(),
                                         [&](const auto& u) { return u.name == field.user; });
            if (it != users.end())
                secret = field.kind == SecretField::Kind::PasswordHash ? &it->passwordHash
                                                                       : &it->tokenSha256;
        }
        if (secret && !secret->empty())
            kept[field.where.line][field.where.column] = secret;
    }
    std::string out;
    out.reserve(text.size() + 128);
    int line = 1;
    for (std::size_t start = 0; start <= text.size(); ++line) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view content = text.substr(start, end - start);
        const auto secrets = kept.find(line);
        if (secrets == kept.end()) {
            out += content;
        } else {
            std::size_t copied = 0;
            for (const auto& [column, secret] : secrets->second) {
                const std::size_t at = std::size_t(column - 1);
                out += content.substr(copied, at - copied);
                out += *secret;
                copied = at + kMaskedSecret.size();
            }
            out += content.substr(copied);
        }
        if (end < text.size())
            out += '\n';
        start = end + 1;
    }
    return out;
}

} // namespace tandem::config
