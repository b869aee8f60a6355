#include "widgets/ConfigEditor.h"

#include "config/ConfigDiff.h"
#include "config/ConfigParser.h"
#include "config/PairCheck.h"
#include "widgets/DiffView.h"
#include "widgets/VrpLexer.h"

#include "utils/Qsci.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tandem::gui {

namespace {

// The agent reads secrets as masked (******) to everyone but an admin asking for them, and a
// commit puts the running value back where the candidate keeps the mask: so here a mask is a
// value, and what has no running secret behind it is the agent's to refuse.
const config::ParseOptions kMasked{.maskedSecrets = true};

enum FindingColumn
{
    LineColumn,
    SeverityColumn,
    MessageColumn
};

constexpr int kLineRole = Qt::UserRole;

} // namespace

ConfigEditor::ConfigEditor(client::AgentClient* client, QWidget* parent)
    : QWidget(parent),
      m_client(client ? std::make_unique<client::ConfigClient>(client) : nullptr),
      m_debounce(new QTimer(this)),
      m_countdown(new QTimer(this))
{
    m_running = makeEditor(true);
    m_candidate = makeEditor(false);
    m_runningLexer = new VrpLexer(m_running);
    m_running->setLexer(m_runningLexer);
    m_candidateLexer = new VrpLexer(m_candidate);
    m_candidate->setLexer(m_candidateLexer);

    m_candidate->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    m_candidate->setIndicatorForegroundColor(QColor(0xd7, 0x3a, 0x49), kErrorIndicator);
    m_candidate->indicatorDefine(QsciScintilla::SquiggleIndicator, kWarningIndicator);
    m_candidate->setIndicatorForegroundColor(QColor(0xe3, 0x9b, 0x00), kWarningIndicator);
    m_candidate->markerDefine(QsciScintilla::Circle, kErrorMarker);
    m_candidate->setMarkerBackgroundColor(QColor(0xd7, 0x3a, 0x49), kErrorMarker);
    m_candidate->markerDefine(QsciScintilla::Circle, kWarningMarker);
    m_candidate->setMarkerBackgroundColor(QColor(0xe3, 0x9b, 0x00), kWarningMarker);

    m_diff = new DiffView(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_findings = new QTreeWidget(this);
    m_findings->setRootIsDecorated(false);
    m_findings->setHeaderLabels({tr("Line"), tr("Severity"), tr("Message")});
    m_findings->header()->setStretchLastSection(true);
    connect(m_findings, &QTreeWidget::itemClicked, this, &ConfigEditor::jumpTo);
    connect(m_findings, &QTreeWidget::itemActivated, this, &ConfigEditor::jumpTo);

    auto* editors = new QSplitter(Qt::Horizontal, this);
    auto* runningBox = new QWidget(editors);
    auto* runningLayout = new QVBoxLayout(runningBox);
    runningLayout->setContentsMargins(0, 0, 0, 0);
    runningLayout->addWidget(new QLabel(tr("Running"), runningBox));
    runningLayout->addWidget(m_running);
    auto* candidateBox = new QWidget(editors);
    auto* candidateLayout = new QVBoxLayout(candidateBox);
    candidateLayout->setContentsMargins(0, 0, 0, 0);
    candidateLayout->addWidget(new QLabel(tr("Candidate"), candidateBox));
    candidateLayout->addWidget(m_candidate);
    m_running->setParent(runningBox);
    m_candidate->setParent(candidateBox);
    editors->addWidget(runningBox);
    editors->addWidget(candidateBox);

    auto* editPage = new QSplitter(Qt::Vertical, this);
    editPage->addWidget(editors);
    editPage->addWidget(m_findings);
    editPage->setStretchFactor(0, 4);
    editPage->setStretchFactor(1, 1);

    auto* diffPage = new QWidget(this);
    auto* diffLayout = new QVBoxLayout(diffPage);
    diffLayout->addWidget(m_summary);
    diffLayout->addWidget(m_diff, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(editPage, tr("&Edit"));
    m_tabs->addTab(diffPage, tr("D&iff"));

    m_validate = new QPushButton(tr("&Validate on device"), this);
    m_commit = new QPushButton(tr("&Commit"), this);
    m_commitConfirmed = new QPushButton(tr("Commit c&onfirmed"), this);
    m_confirmSeconds = new QSpinBox(this);
    m_confirmSeconds->setRange(1, protocol::ConfigCommitRequest::kMaxConfirmSeconds);
    m_confirmSeconds->setValue(60);
    m_confirmSeconds->setSuffix(tr(" s"));
    m_confirm = new QPushButton(tr("Con&firm"), this);
    m_confirm->hide();
    m_history = new QComboBox(this);
    m_history->setMinimumContentsLength(16);
    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_rollback = new QPushButton(tr("&Rollback"), this);
    m_status = new QLabel(this);

    // Two rows, so that the editor fits a 1024-pixel window: what commits, and the history.
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_validate);
    buttons->addWidget(m_commit);
    buttons->addWidget(m_commitConfirmed);
    buttons->addWidget(m_confirmSeconds);
    buttons->addWidget(m_confirm);
    buttons->addStretch(1);
    auto* history = new QHBoxLayout;
    history->addWidget(new QLabel(tr("History:"), this));
    history->addWidget(m_history, 1);
    history->addWidget(m_rollback);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);
    layout->addLayout(history);
    layout->addWidget(m_status);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kValidateDelayMs);
    connect(m_debounce, &QTimer::timeout, this, &ConfigEditor::validateNow);
    connect(m_candidate, &QsciScintilla::textChanged, m_debounce, qOverload<>(&QTimer::start));
    m_countdown->setInterval(250);
    connect(m_countdown, &QTimer::timeout, this, &ConfigEditor::tick);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ConfigEditor::updateDiff);

    connect(m_validate, &QPushButton::clicked, this, &ConfigEditor::validateOnDevice);
    connect(m_commit, &QPushButton::clicked, this, [this] { commit(std::nullopt); });
    connect(m_commitConfirmed, &QPushButton::clicked, this,
            [this] { commit(m_confirmSeconds->value()); });
    connect(m_confirm, &QPushButton::clicked, this, &ConfigEditor::confirm);
    connect(m_rollback, &QPushButton::clicked, this, &ConfigEditor::rollback);
    updateButtons();
}

ConfigEditor::~ConfigEditor() = default;

QsciScintilla* ConfigEditor::makeEditor(bool readOnly)
{
    auto* editor = new QsciScintilla(this);
    editor->setReadOnly(readOnly);
    editor->setUtf8(true);
    editor->setMarginType(0, QsciScintilla::NumberMargin);
    editor->setMarginWidth(0, QStringLiteral("00000"));
    editor->setMarginType(1, QsciScintilla::SymbolMargin);
    editor->setMarginWidth(1, 14);
    editor->setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    editor->setIndentationsUseTabs(false);
    editor->setAutoIndent(true);
    return editor;
}

void ConfigEditor::reload()
{
    if (!m_client)
        return;
    m_client->get({}, [this, guard = QPointer<ConfigEditor>(this)](
                          const client::CallResult<protocol::ConfigGetResult>& result) {
        if (!guard)
            return;
        if (!result.ok()) {
            setStatus(tr("Could not read the running configuration: %1").arg(result.errorText()));
            return;
        }
        setRunningText(result.value().text);
    });
    loadHistory();
}

void ConfigEditor::setRunningText(const QString& text)
{
    m_runningText = text;
    m_running->setReadOnly(false);
    m_running->setText(text);
    m_running->setReadOnly(true);
    const bool wasReadOnly = m_candidate->isReadOnly();
    m_candidate->setReadOnly(false);
    m_candidate->setText(text);
    m_candidate->setReadOnly(wasReadOnly);
    validateNow();
    updateDiff();
    Q_EMIT runningTextChanged();
}

void ConfigEditor::setPeerRunningText(const QString& text)
{
    m_peerText = text;
    m_debounce->start();
}

void ConfigEditor::setMayCommit(bool mayCommit, const QString& why)
{
    m_mayCommit = mayCommit;
    m_whyNot = why;
    m_candidate->setReadOnly(!mayCommit);
    updateButtons();
}

void ConfigEditor::updateButtons()
{
    const bool pending = m_pendingCommit > 0;
    for (QWidget* w : {static_cast<QWidget*>(m_commit), static_cast<QWidget*>(m_commitConfirmed),
                       static_cast<QWidget*>(m_rollback), static_cast<QWidget*>(m_confirmSeconds)}) {
        w->setEnabled(m_mayCommit && !pending);
        w->setToolTip(m_mayCommit ? QString() : m_whyNot);
    }
    m_confirm->setVisible(pending);
    m_confirm->setEnabled(m_mayCommit);
}

std::vector<config::Finding> ConfigEditor::check(const std::string& text,
                                                 const std::string& peerText)
{
    config::ParseResult parsed = config::parseConfig(text, kMasked);
    std::vector<config::Finding> findings;
    if (!parsed.ok()) {
        for (const config::ConfigError& error : parsed.errors)
            findings.push_back(config::toFinding(error));
        return findings;
    }
    findings = config::validateConfig(parsed.config);
    if (!peerText.empty() && !config::hasErrors(findings)) {
        const config::ParseResult peer = config::parseConfig(peerText, kMasked);
        if (peer.ok()) {
            for (const config::Finding& finding : config::pairCheck(parsed.config, peer.config))
                if (finding.side == config::Side::A)
                    findings.push_back(finding);
        }
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const config::Finding& a, const config::Finding& b) {
                         return a.where.line < b.where.line;
                     });
    return findings;
}

void ConfigEditor::validateNow()
{
    m_debounce->stop();
    showFindings(check(m_candidate->text().toStdString(), m_peerText.toStdString()));
    Q_EMIT validated();
}

void ConfigEditor::showFindings(const std::vector<config::Finding>& findings)
{
    m_lastFindings = findings;
    const int last = m_candidate->lines() - 1;
    const int lastIndex = m_candidate->lineLength(last);
    m_candidate->clearIndicatorRange(0, 0, last, lastIndex, kErrorIndicator);
    m_candidate->clearIndicatorRange(0, 0, last, lastIndex, kWarningIndicator);
    m_candidate->markerDeleteAll(kErrorMarker);
    m_candidate->markerDeleteAll(kWarningMarker);
    m_findings->clear();
    for (const config::Finding& finding : findings) {
        const bool error = finding.severity == config::Severity::Error;
        const int line = finding.where.line - 1; // the parser counts from 1
        if (line >= 0 && line <= last) {
            QString text = m_candidate->text(line);
            while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
                text.chop(1);
            int from = 0;
            while (from < text.size() && text[from].isSpace())
                ++from;
            const int to = std::max(int(text.toUtf8().size()), from + 1);
            m_candidate->fillIndicatorRange(line, from, line, to,
                                            error ? kErrorIndicator : kWarningIndicator);
            m_candidate->markerAdd(line, error ? kErrorMarker : kWarningMarker);
        }
        auto* item = new QTreeWidgetItem(m_findings);
        item->setText(LineColumn, finding.where.line > 0 ? QString::number(finding.where.line)
                                                         : QString());
        item->setText(SeverityColumn, error ? tr("error") : tr("warning"));
        QString message = QString::fromStdString(finding.message);
        if (!finding.fix.empty())
            message += tr(" (fix: %1)").arg(QString::fromStdString(finding.fix));
        item->setText(MessageColumn, message);
        item->setToolTip(MessageColumn, message);
        item->setData(LineColumn, kLineRole, finding.where.line);
    }
    m_findings->resizeColumnToContents(LineColumn);
    m_findings->resizeColumnToContents(SeverityColumn);
}

void ConfigEditor::jumpTo(QTreeWidgetItem* item)
{
    const int line = item->data(LineColumn, kLineRole).toInt();
    if (line <= 0)
        return;
    m_tabs->setCurrentIndex(0);
    m_candidate->setCursorPosition(line - 1, 0);
    m_candidate->ensureLineVisible(line - 1);
    m_candidate->setFocus();
}

void ConfigEditor::updateDiff()
{
    const std::string running = m_runningText.toStdString();
    const std::string candidate = m_candidate->text().toStdString();
    const QString diff = QString::fromStdString(
        config::unifiedDiff(running, candidate, "running", "candidate"));
    m_diff->setDiff(diff, tr("The candidate equals the running configuration."));
    const config::ParseResult oldParsed = config::parseConfig(running, kMasked);
    const config::ParseResult newParsed = config::parseConfig(candidate, kMasked);
    if (oldParsed.ok() && newParsed.ok()) {
        const std::string summary =
            config::formatDiff(config::diffConfigs(oldParsed.config, newParsed.config));
        m_summary->setText(summary.empty() ? tr("No object changed.")
                                           : tr("Objects changed:\n%1")
                                                 .arg(QString::fromStdString(summary)));
    } else {
        m_summary->setText(tr("No object summary: the candidate does not parse."));
    }
}

void ConfigEditor::setStatus(const QString& text)
{
    m_status->setText(text);
}

void ConfigEditor::validateOnDevice()
{
    if (!m_client)
        return;
    protocol::ConfigValidateRequest request;
    request.text = m_candidate->text();
    m_client->validate(request, [this, guard = QPointer<ConfigEditor>(this)](
                                    const client::CallResult<protocol::ConfigValidateResult>& r) {
        if (!guard)
            return;
        if (!r.ok()) {
            setStatus(tr("Validation failed: %1").arg(r.errorText()));
            return;
        }
        setStatus(r.value().valid ? tr("The device accepts the candidate.")
                                  : tr("The device refuses the candidate."));
    });
}

void ConfigEditor::commit(std::optional<int> confirmSeconds)
{
    if (!m_client || !m_mayCommit)
        return;
    protocol::ConfigCommitRequest request;
    request.text = m_candidate->text();
    request.label = tr("from the config editor");
    request.confirmSeconds = confirmSeconds;
    m_client->commit(request, [this, confirmSeconds, guard = QPointer<ConfigEditor>(this)](
                                  const client::CallResult<protocol::CommitRecord>& r) {
        if (!guard)
            return;
        if (!r.ok()) {
            const protocol::ConfigIssues issues = protocol::issuesOf(r.error());
            setStatus(issues.empty() ? tr("Commit failed: %1").arg(r.errorText())
                                     : tr("Commit refused: %1").arg(protocol::formatIssues(issues)));
            return;
        }
        if (confirmSeconds) {
            m_pendingCommit = r.value().id;
            m_deadlineMs = QDateTime::currentMSecsSinceEpoch() + qint64(*confirmSeconds) * 1000;
            m_countdown->start();
            tick();
        } else {
            setStatus(tr("Committed as #%1.").arg(r.value().id));
        }
        updateButtons();
        m_runningText = m_candidate->text();
        m_running->setReadOnly(false);
        m_running->setText(m_runningText);
        m_running->setReadOnly(true);
        updateDiff();
        loadHistory();
    });
}

int ConfigEditor::secondsLeft() const
{
    if (m_pendingCommit == 0)
        return 0;
    const qint64 left = m_deadlineMs - QDateTime::currentMSecsSinceEpoch();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

void ConfigEditor::tick()
{
    const qint64 left = m_deadlineMs - QDateTime::currentMSecsSinceEpoch();
    if (left > 0) {
        setStatus(tr("Commit #%1 rolls back in %2 s unless confirmed.")
                      .arg(m_pendingCommit)
                      .arg((left + 999) / 1000));
        Q_EMIT pendingChanged();
        return;
    }
    // The agent rolls back at its deadline: said once its history shows it, then what runs
    // is read again.
    m_countdown->stop();
    const int expired = m_pendingCommit;
    m_pendingCommit = 0;
    updateButtons();
    Q_EMIT pendingChanged();
    setStatus(tr("Commit #%1: the confirm deadline passed; asking the device…").arg(expired));
    awaitExpiry(expired, 0);
}

void ConfigEditor::awaitExpiry(int commitId, int attempt)
{
    if (!m_client)
        return;
    m_client->history([this, commitId, attempt, guard = QPointer<ConfigEditor>(this)](
                          const client::CallResult<protocol::ConfigHistoryResult>& r) {
        if (!guard)
            return;
        const protocol::CommitRecord* record = r.ok() ? r.value().find(commitId) : nullptr;
        const bool waiting = !record || record->confirmation == protocol::Confirmation::Pending;
        if (waiting && attempt < kExpiryChecks) {
            QTimer::singleShot(kExpiryCheckMs, this,
                               [this, commitId, attempt] { awaitExpiry(commitId, attempt + 1); });
            return;
        }
        if (!r.ok())
            setStatus(tr("Commit #%1: the device did not say whether it rolled back: %2")
                          .arg(commitId)
                          .arg(r.errorText()));
        else if (waiting)
            setStatus(tr("Commit #%1 is still pending on the device after its deadline.")
                          .arg(commitId));
        else if (record->confirmation == protocol::Confirmation::Confirmed)
            setStatus(tr("Commit #%1 was confirmed (not from here).").arg(commitId));
        else
            setStatus(tr("Commit #%1 was not confirmed: the device rolled it back; #%2 runs.")
                          .arg(commitId)
                          .arg(r.value().runningId));
        reload();
    });
}

void ConfigEditor::confirm()
{
    if (!m_client || m_pendingCommit == 0)
        return;
    m_client->confirm({}, [this, guard = QPointer<ConfigEditor>(this)](
                              const client::CallResult<protocol::CommitRecord>& r) {
        if (!guard)
            return;
        if (!r.ok()) {
            // Still pending on the device: the countdown and the Confirm button stay.
            setStatus(tr("Confirm failed: %1").arg(r.errorText()));
            return;
        }
        m_countdown->stop();
        m_pendingCommit = 0;
        updateButtons();
        Q_EMIT pendingChanged();
        setStatus(tr("Commit #%1 confirmed.").arg(r.value().id));
        reload();
    });
}

void ConfigEditor::loadHistory()
{
    if (!m_client)
        return;
    m_client->history([this, guard = QPointer<ConfigEditor>(this)](
                          const client::CallResult<protocol::ConfigHistoryResult>& r) {
        if (!guard || !r.ok())
            return;
        m_history->clear();
        const auto& commits = r.value().commits;
        for (auto it = commits.rbegin(); it != commits.rend(); ++it) {
            const QString when = QDateTime::fromMSecsSinceEpoch(it->timeMsecsSinceEpoch)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            QString text = tr("#%1 %2 by %3").arg(it->id).arg(when, it->user);
            if (!it->label.isEmpty())
                text += QStringLiteral(" — ") + it->label;
            if (it->id == r.value().runningId)
                text += tr(" (running)");
            m_history->addItem(text, it->id);
        }
    });
}

void ConfigEditor::rollback()
{
    if (!m_client || !m_mayCommit || m_history->currentIndex() < 0)
        return;
    protocol::ConfigRollbackRequest request;
    request.commitId = m_history->currentData().toInt();
    m_client->rollback(request, [this, guard = QPointer<ConfigEditor>(this)](
                                    const client::CallResult<protocol::CommitRecord>& r) {
        if (!guard)
            return;
        setStatus(r.ok() ? tr("Rolled back: #%1 runs.").arg(r.value().id)
                         : tr("Rollback failed: %1").arg(r.errorText()));
        reload();
    });
}

} // namespace tandem::gui
