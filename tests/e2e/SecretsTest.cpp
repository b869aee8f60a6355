// Secrets stay in the agent: password hashes, token hashes and the backup channel's
// authentication-key are ****** in config.get, display and config.diff for every role, admins
// included; an admin who asks (`"secrets": true`) reads them, anyone else asking is refused
// naming the role it needs; and a masked config committed back keeps every running secret.

#include "MgmtAgent.h"
#include "TestSupport.h"
#include "protocol/Password.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <gtest/gtest.h>

namespace tandem::test {
namespace {

using protocol::ErrorCode;
using Kind = protocol::Message::Kind;

const QString kChannelKey = QStringLiteral("Chan-Key-7531");
const QString kMask = QStringLiteral("******");

class Secrets : public ::testing::Test
{
protected:
    void SetUp() override
    {
        MgmtAgent::Options options;
        options.channelKey = kChannelKey;
        ASSERT_TRUE(m_agent.start(options)) << m_agent.log().toStdString();
        QFile file(m_agent.configPath());
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        m_fileText = QString::fromUtf8(file.readAll());
        // What the config holds: each user's hash, ci's token hash, the channel key.
        const QRegularExpression hash(QStringLiteral("password-hash (\\S+)"));
        for (auto it = hash.globalMatch(m_fileText); it.hasNext();)
            m_secrets << it.next().captured(1);
        ASSERT_EQ(m_secrets.size(), 3);
        m_secrets << protocol::apiTokenSha256(MgmtAgent::kCiToken) << kChannelKey;
        for (const QString& secret : m_secrets)
            ASSERT_TRUE(m_fileText.contains(secret)) << secret.toStdString();
    }

    std::unique_ptr<FrameClient> login(const QString& user, const QString& password)
    {
        auto c = FrameClient::tcp(m_agent);
        const auto hello = c->hello(user, password);
        EXPECT_TRUE(hello && hello->kind == Kind::Result)
            << user.toStdString() << ": " << (hello ? hello->error.message.toStdString() : "");
        return c;
    }

    static QJsonObject result(FrameClient& c, const QString& method, const QJsonObject& params)
    {
        const auto reply = c.call(method, params);
        EXPECT_TRUE(reply.has_value()) << method.toStdString();
        if (!reply)
            return {};
        EXPECT_EQ(reply->kind, Kind::Result)
            << method.toStdString() << ": " << reply->error.message.toStdString();
        return reply->result.toObject();
    }

    // Each text a caller can read the config through, without asking for secrets.
    QStringList configTexts(FrameClient& c, const QJsonObject& extra = {})
    {
        auto with = [&](QJsonObject params) {
            for (auto it = extra.begin(); it != extra.end(); ++it)
                params.insert(it.key(), it.value());
            return params;
        };
        QString edited = m_fileText;
        edited.replace(QStringLiteral("sysname M\n"), QStringLiteral("sysname M2\n"));
        edited.replace(kChannelKey, QStringLiteral("Other-Key-1"));
        const QJsonObject diff =
            result(c, QStringLiteral("config.diff"), with({{QStringLiteral("text"), edited}}));
        return {
            result(c, QStringLiteral("config.get"), with({}))
                .value(QStringLiteral("text"))
                .toString(),
            result(c, QStringLiteral("config.get"),
                   with({{QStringLiteral("source"), QStringLiteral("candidate")}}))
                .value(QStringLiteral("text"))
                .toString(),
            result(c, QStringLiteral("display"),
                   with({{QStringLiteral("command"),
                          QStringLiteral("display current-configuration")}}))
                .value(QStringLiteral("text"))
                .toString(),
            diff.value(QStringLiteral("diff")).toString(),
            diff.value(QStringLiteral("summary")).toString(),
        };
    }

    void expectMasked(const QStringList& texts, const std::string& who)
    {
        ASSERT_EQ(texts.size(), 5);
        for (int i = 0; i < 3; ++i) {
            EXPECT_TRUE(texts[i].contains(QStringLiteral("password-hash ") + kMask))
                << who << ": " << texts[i].toStdString();
            EXPECT_TRUE(texts[i].contains(QStringLiteral("authentication-key ") + kMask))
                << who << ": " << texts[i].toStdString();
            EXPECT_TRUE(texts[i].contains(QStringLiteral("token-sha256 ") + kMask))
                << who << ": " << texts[i].toStdString();
        }
        EXPECT_TRUE(texts[3].contains(QStringLiteral("+sysname M2"))) << texts[3].toStdString();
        for (const QString& text : texts)
            for (const QString& secret : m_secrets + QStringList{QStringLiteral("Other-Key-1")})
                EXPECT_FALSE(text.contains(secret))
                    << who << " reads " << secret.toStdString() << " in:\n"
                    << text.toStdString();
    }

    MgmtAgent m_agent;
    QString m_fileText;
    QStringList m_secrets;
};

TEST_F(Secrets, ViewersAndOperatorsReadTheConfigWithEverySecretMasked)
{
    for (const auto& [user, password] :
         {std::pair{QStringLiteral("viewer"), MgmtAgent::kViewerPassword},
          std::pair{QStringLiteral("operator"), MgmtAgent::kOperatorPassword}}) {
        auto c = login(user, password);
        expectMasked(configTexts(*c), user.toStdString());

        // Asking for the secrets is refused, naming the role that may.
        for (const auto& [method, params] :
             {std::pair{QStringLiteral("config.get"), QJsonObject{}},
              std::pair{QStringLiteral("config.diff"), QJsonObject{}},
              std::pair{QStringLiteral("display"),
                        QJsonObject{{QStringLiteral("command"),
                                     QStringLiteral("display current-configuration")}}}}) {
            QJsonObject asking = params;
            asking.insert(QStringLiteral("secrets"), true);
            const auto refused = c->call(method, asking);
            ASSERT_TRUE(refused.has_value());
            EXPECT_EQ(refused->error.code, int(ErrorCode::Forbidden)) << method.toStdString();
            // Here each user is named like its role.
            EXPECT_EQ(refused->error.message,
                      QStringLiteral("'%1' with \"secrets\": true needs role admin; user '%2' is "
                                     "%3")
                          .arg(method, user, user));
        }
    }
}

TEST_F(Secrets, AnAdminReadsTheSecretsOnlyWhenAskingForThem)
{
    auto admin = login(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    expectMasked(configTexts(*admin), "admin");
    expectMasked(configTexts(*admin, {{QStringLiteral("secrets"), false}}), "admin");

    const QStringList clear = configTexts(*admin, {{QStringLiteral("secrets"), true}});
    EXPECT_EQ(clear[0], m_fileText);
    EXPECT_EQ(clear[1], m_fileText);
    for (const QString& secret : m_secrets)
        EXPECT_TRUE(clear[2].contains(secret)) << secret.toStdString();
    EXPECT_TRUE(
        clear[3].contains(QStringLiteral("+ remote-backup interface GigabitEthernet0/1/1 "
                                         "peer 127.0.0.253 authentication-key Other-Key-1")))
        << clear[3].toStdString();
    EXPECT_FALSE(clear[3].contains(kMask)) << clear[3].toStdString();
    EXPECT_TRUE(clear[4].contains(QStringLiteral("service-location 1"))) << clear[4].toStdString();

    const auto notABool = admin->call(QStringLiteral("config.get"),
                                      {{QStringLiteral("secrets"), QStringLiteral("yes")}});
    EXPECT_EQ(notABool->error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(notABool->error.message.contains(QStringLiteral("\"secrets\"")));
}

TEST_F(Secrets, AMaskedDiffDoesNotTellWhetherAGuessedKeyIsTheRunningOne)
{
    auto viewer = login(QStringLiteral("viewer"), MgmtAgent::kViewerPassword);
    QString guess = m_fileText;
    guess.replace(kChannelKey, QStringLiteral("Guess-Key-1"));
    for (const QString& text : {guess, m_fileText}) {
        const QJsonObject diff =
            result(*viewer, QStringLiteral("config.diff"), {{QStringLiteral("text"), text}});
        EXPECT_FALSE(diff.value(QStringLiteral("changed")).toBool())
            << diff.value(QStringLiteral("diff")).toString().toStdString();
        EXPECT_TRUE(diff.value(QStringLiteral("summary")).toString().isEmpty());
    }
}

TEST_F(Secrets, AMaskedConfigCommittedBackKeepsEveryRunningSecret)
{
    auto admin = login(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    QString masked =
        result(*admin, QStringLiteral("config.get"), {}).value(QStringLiteral("text")).toString();
    ASSERT_TRUE(masked.contains(kMask));
    masked.replace(QStringLiteral("sysname M\n"), QStringLiteral("sysname M-EDITED\n"));

    // As fetched, it validates for a viewer and diffs to just the edit.
    auto viewer = login(QStringLiteral("viewer"), MgmtAgent::kViewerPassword);
    const QJsonObject validation =
        result(*viewer, QStringLiteral("config.validate"), {{QStringLiteral("text"), masked}});
    EXPECT_TRUE(validation.value(QStringLiteral("valid")).toBool());
    const QString diff =
        result(*admin, QStringLiteral("config.diff"),
               {{QStringLiteral("text"), masked}, {QStringLiteral("secrets"), true}})
            .value(QStringLiteral("diff"))
            .toString();
    EXPECT_TRUE(diff.contains(QStringLiteral("-sysname M\n+sysname M-EDITED\n")))
        << diff.toStdString();
    EXPECT_EQ(diff.count(QStringLiteral("\n+")), 2) << diff.toStdString();

    const auto committed =
        admin->call(QStringLiteral("config.commit"), {{QStringLiteral("text"), masked}});
    ASSERT_EQ(committed->kind, Kind::Result) << committed->error.message.toStdString();

    QString expected = m_fileText;
    expected.replace(QStringLiteral("sysname M\n"), QStringLiteral("sysname M-EDITED\n"));
    QFile file(m_agent.configPath());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(file.readAll()), expected);
    // The old passwords and the token still log in.
    login(QStringLiteral("viewer"), MgmtAgent::kViewerPassword);
    login(QStringLiteral("admin"), MgmtAgent::kAdminPassword);
    auto ci = FrameClient::tcp(m_agent);
    const auto token = ci->helloWithToken(QStringLiteral("ci"), MgmtAgent::kCiToken);
    EXPECT_EQ(token->kind, Kind::Result) << token->error.message.toStdString();

    // A mask with nothing to keep (a new user) is refused naming its line; nothing changes.
    const QString newUser =
        masked + QStringLiteral("tandem-agent\n management user eve role viewer password-hash "
                                "******\n");
    const auto refused =
        admin->call(QStringLiteral("config.commit"), {{QStringLiteral("text"), newUser}});
    ASSERT_EQ(refused->kind, Kind::Error);
    EXPECT_EQ(refused->error.code, int(ErrorCode::ConfigInvalid));
    const QJsonObject issue =
        refused->error.data.toObject().value(QStringLiteral("issues")).toArray().first().toObject();
    EXPECT_EQ(issue.value(QStringLiteral("line")).toInt(), newUser.count(QLatin1Char('\n')));
    EXPECT_TRUE(issue.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("password-hash is masked")))
        << issue.value(QStringLiteral("message")).toString().toStdString();
}

TEST_F(Secrets, TandemctlConfigGetMasksUnlessAnAdminAsksWithSecrets)
{
    auto get = [&](const QString& user, const QString& password, bool secrets) {
        qputenv("TANDEM_PASSWORD", password.toUtf8());
        QStringList arguments{QStringLiteral("config"), QStringLiteral("get"),
                              QStringLiteral("--host"), m_agent.address(),
                              QStringLiteral("--port"), QString::number(m_agent.port()),
                              QStringLiteral("--user"), user};
        if (secrets)
            arguments << QStringLiteral("--secrets");
        const ProcessResult r = tandemctl(arguments);
        qunsetenv("TANDEM_PASSWORD");
        return r;
    };
    const ProcessResult viewer = get(QStringLiteral("viewer"), MgmtAgent::kViewerPassword, false);
    EXPECT_EQ(viewer.exitCode, 0) << viewer.err.toStdString();
    EXPECT_TRUE(viewer.out.contains(QStringLiteral("password-hash ******")))
        << viewer.out.toStdString();
    for (const QString& secret : m_secrets)
        EXPECT_FALSE(viewer.out.contains(secret)) << secret.toStdString();

    const ProcessResult refused = get(QStringLiteral("viewer"), MgmtAgent::kViewerPassword, true);
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("needs role admin")))
        << refused.err.toStdString();

    const ProcessResult admin = get(QStringLiteral("admin"), MgmtAgent::kAdminPassword, true);
    EXPECT_EQ(admin.exitCode, 0) << admin.err.toStdString();
    EXPECT_EQ(admin.out, m_fileText);
}

} // namespace
} // namespace tandem::test
