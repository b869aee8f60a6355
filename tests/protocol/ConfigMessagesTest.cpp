// The typed config.* messages: every request and result survives toJson → fromJson unchanged,
// and bad params get the InvalidParams error that names the field, as the agent answers.

#include "protocol/ConfigMessages.h"

#include <gtest/gtest.h>

namespace tandem::protocol {
namespace {

template <class T>
T requestRoundTrip(const T& request)
{
    RpcError error;
    const auto back = T::fromJson(request.toJson(), &error);
    EXPECT_TRUE(back.has_value()) << error.message.toStdString();
    return back.value_or(T{});
}

template <class T>
T resultRoundTrip(const T& result)
{
    QString error;
    const auto back = T::fromJson(result.toJson(), &error);
    EXPECT_TRUE(back.has_value()) << error.toStdString();
    return back.value_or(T{});
}

TEST(ConfigMessagesTest, EveryRequestSurvivesTheWire)
{
    ConfigGetRequest get;
    get.source = ConfigSource::History;
    get.commitId = 7;
    get.secrets = true;
    EXPECT_EQ(requestRoundTrip(get), get);
    EXPECT_EQ(requestRoundTrip(ConfigGetRequest{}), ConfigGetRequest{});
    EXPECT_EQ(requestRoundTrip(ConfigSetRequest{QStringLiteral("sysname X\n")}),
              ConfigSetRequest{QStringLiteral("sysname X\n")});
    EXPECT_EQ(requestRoundTrip(ConfigValidateRequest{QStringLiteral("t")}),
              ConfigValidateRequest{QStringLiteral("t")});
    EXPECT_EQ(requestRoundTrip(ConfigValidateRequest{}), ConfigValidateRequest{});
    ConfigDiffRequest diff;
    diff.commitId = 3;
    diff.secrets = true;
    EXPECT_EQ(requestRoundTrip(diff), diff);
    ConfigCommitRequest commit{QStringLiteral("text"), QStringLiteral("why"), 120,
                               QStringLiteral("pc-1")};
    EXPECT_EQ(requestRoundTrip(commit), commit);
    EXPECT_EQ(requestRoundTrip(ConfigCommitRequest{}), ConfigCommitRequest{});
    EXPECT_EQ(requestRoundTrip(ConfigConfirmRequest{QStringLiteral("pc-1")}),
              ConfigConfirmRequest{QStringLiteral("pc-1")});
    EXPECT_EQ(requestRoundTrip(ConfigRollbackRequest{4, QStringLiteral("pc-1")}),
              (ConfigRollbackRequest{4, QStringLiteral("pc-1")}));
    EXPECT_EQ(requestRoundTrip(ConfigLockRequest{QStringLiteral("pc-1"), 300}),
              (ConfigLockRequest{QStringLiteral("pc-1"), 300}));
    EXPECT_EQ(requestRoundTrip(ConfigUnlockRequest{QStringLiteral("pc-1")}),
              ConfigUnlockRequest{QStringLiteral("pc-1")});
}

TEST(ConfigMessagesTest, EveryResultSurvivesTheWire)
{
    EXPECT_EQ(resultRoundTrip(ConfigGetResult{ConfigSource::Candidate, QStringLiteral("t"), 9}),
              (ConfigGetResult{ConfigSource::Candidate, QStringLiteral("t"), 9}));
    EXPECT_EQ(resultRoundTrip(ConfigSetResult{}), ConfigSetResult{});
    ConfigValidateResult validate;
    validate.valid = false;
    validate.issues = {{3, 14, config::Severity::Error, QStringLiteral("bad"), QStringLiteral("fix")},
                       {0, 0, config::Severity::Warning, QStringLiteral("advice"), {}}};
    EXPECT_EQ(resultRoundTrip(validate), validate);
    EXPECT_EQ(resultRoundTrip(ConfigDiffResult{true, QStringLiteral("---"), QStringLiteral("~ g")}),
              (ConfigDiffResult{true, QStringLiteral("---"), QStringLiteral("~ g")}));
    EXPECT_EQ(resultRoundTrip(ConfigDiffResult{}), ConfigDiffResult{});
    const CommitRecord record{7, QStringLiteral("admin"), 1795594943083, QStringLiteral("l"), 60,
                              Confirmation::Cancelled, 6};
    EXPECT_EQ(resultRoundTrip(record), record);
    ConfigHistoryResult history;
    history.runningId = 7;
    history.commits = {record, CommitRecord{8, QStringLiteral("(agent)"), 1, {}, 0,
                                            Confirmation::None, 7}};
    history.pending = PendingConfirm{8, 41250};
    EXPECT_EQ(resultRoundTrip(history), history);
    ASSERT_NE(history.find(8), nullptr);
    EXPECT_EQ(history.find(8)->user, QStringLiteral("(agent)"));
    EXPECT_EQ(history.find(99), nullptr);
    EXPECT_EQ(resultRoundTrip(ConfigLockResult{QStringLiteral("pc"), QStringLiteral("admin"), 5}),
              (ConfigLockResult{QStringLiteral("pc"), QStringLiteral("admin"), 5}));
}

TEST(ConfigMessagesTest, BadParamsAreRefusedNamingTheField)
{
    RpcError error;
    EXPECT_FALSE(ConfigGetRequest::fromJson({{QStringLiteral("source"), QStringLiteral("disk")}},
                                            &error));
    EXPECT_EQ(error.code, int(ErrorCode::InvalidParams));
    EXPECT_TRUE(error.message.contains(QStringLiteral("'disk'"))) << error.message.toStdString();
    EXPECT_FALSE(ConfigGetRequest::fromJson({{QStringLiteral("source"), QStringLiteral("history")}},
                                            &error));
    EXPECT_TRUE(error.message.contains(QStringLiteral("\"id\""))) << error.message.toStdString();
    EXPECT_FALSE(ConfigDiffRequest::fromJson(
        {{QStringLiteral("text"), QStringLiteral("x")}, {QStringLiteral("id"), 2}}, &error));
    EXPECT_EQ(error.message, QStringLiteral("give \"text\" or \"id\", not both"));
    EXPECT_FALSE(ConfigCommitRequest::fromJson({{QStringLiteral("confirmSeconds"), 0}}, &error));
    EXPECT_EQ(error.message,
              QStringLiteral("\"confirmSeconds\" must be a whole number from 1 to 86400"));
    EXPECT_FALSE(ConfigCommitRequest::fromJson({{QStringLiteral("text"), 5}}, &error));
    EXPECT_EQ(error.message, QStringLiteral("\"text\" must be a string"));
    EXPECT_FALSE(ConfigSetRequest::fromJson({}, &error));
    EXPECT_TRUE(error.message.contains(QStringLiteral("required")));
    EXPECT_FALSE(ConfigRollbackRequest::fromJson({{QStringLiteral("id"), 1.5}}, &error));
    EXPECT_FALSE(ConfigLockRequest::fromJson({{QStringLiteral("id"), QStringLiteral("x")}}, &error));
    EXPECT_TRUE(error.message.contains(QStringLiteral("\"seconds\""))) << error.message.toStdString();
    EXPECT_FALSE(ConfigGetRequest::fromJson({{QStringLiteral("secrets"), QStringLiteral("yes")}},
                                            &error));
    EXPECT_EQ(error.message, QStringLiteral("\"secrets\" must be true or false"));
}

TEST(ConfigMessagesTest, AResultMissingAFieldSaysWhichAndWhere)
{
    QString error;
    EXPECT_FALSE(ConfigHistoryResult::fromJson(
        {{QStringLiteral("runningId"), 3},
         {QStringLiteral("commits"), QJsonArray{QJsonObject{{QStringLiteral("id"), 1}}}}},
        &error));
    EXPECT_EQ(error, QStringLiteral("commit: missing field \"user\""));
    EXPECT_FALSE(ConfigValidateResult::fromJson(
        {{QStringLiteral("valid"), true},
         {QStringLiteral("issues"),
          QJsonArray{QJsonObject{{QStringLiteral("line"), 1},
                                 {QStringLiteral("column"), 1},
                                 {QStringLiteral("severity"), QStringLiteral("fatal")},
                                 {QStringLiteral("message"), QStringLiteral("m")}}}}},
        &error));
    EXPECT_TRUE(error.contains(QStringLiteral("'fatal'"))) << error.toStdString();
}

TEST(ConfigMessagesTest, AFindingBecomesTheIssueTheStoreReports)
{
    config::Finding finding;
    finding.severity = config::Severity::Warning;
    finding.where = {12, 3};
    finding.message = "preempt delay shorter than a batch backup";
    finding.fix = "preempt-mode timer delay 1500";
    const ConfigIssue issue = ConfigIssue::fromFinding(finding);
    EXPECT_FALSE(issue.isError());
    EXPECT_EQ(issue.toString(),
              QStringLiteral("12:3: warning: preempt delay shorter than a batch backup"));
    EXPECT_FALSE(hasErrors({issue}));
    EXPECT_TRUE(formatIssues({issue}).isEmpty()); // warnings travel in the list only
    RpcError rpc = makeError(ErrorCode::ConfigInvalid, QStringLiteral("not valid"));
    rpc.data = QJsonObject{{QStringLiteral("issues"), toJson(ConfigIssues{issue})}};
    EXPECT_EQ(issuesOf(rpc), ConfigIssues{issue});
}

} // namespace
} // namespace tandem::protocol
