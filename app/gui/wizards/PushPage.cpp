#include "PushPage.h"

#include "HotBackupWizard.h"
#include "SummaryPage.h"
#include "utils/ColorUtils.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace tandem::gui {

namespace {

QString mark(client::PushEvent::State state)
{
    switch (state) {
    case client::PushEvent::State::Started:
        return QStringLiteral("…");
    case client::PushEvent::State::Passed:
        return QStringLiteral("✔");
    case client::PushEvent::State::Failed:
        return QStringLiteral("✘");
    case client::PushEvent::State::Info:
        return QStringLiteral("·");
    }
    return {};
}

QString outcomeWords(client::PushOutcome outcome)
{
    switch (outcome) {
    case client::PushOutcome::Confirmed:
        return PushPage::tr("Confirmed: both devices run the new configuration.");
    case client::PushOutcome::DryRun:
        return PushPage::tr("Dry run: the pre-flight passed; nothing changed.");
    case client::PushOutcome::Refused:
        return PushPage::tr("Refused: nothing changed.");
    case client::PushOutcome::RolledBack:
        return PushPage::tr("Rolled back and verified: both devices run what they ran before.");
    case client::PushOutcome::RollbackUnverified:
        return PushPage::tr("Rolled back, but the rollback could not be proved on both devices.");
    case client::PushOutcome::HalfApplied:
        return PushPage::tr("Half applied: one device confirmed and the other did not.");
    }
    return {};
}

} // namespace

PushPage::PushPage(HotBackupWizard* wizard)
    : m_wizard(wizard), m_events(new QListWidget(this)), m_checks(new QListWidget(this)),
      m_countdown(new QLabel(this)), m_outcome(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel and roll back"), this)), m_tick(new QTimer(this))
{
    setTitle(tr("Push"));
    setSubTitle(tr("Both devices commit with `commit confirmed`, the standby first; the pair is "
                   "verified, then both are confirmed, or both are rolled back."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("Push"));
    setFinalPage(true);
    m_events->setObjectName(QStringLiteral("events"));
    m_checks->setObjectName(QStringLiteral("checks"));
    m_countdown->setObjectName(QStringLiteral("countdown"));
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_events, 2);
    auto* row = new QHBoxLayout;
    row->addWidget(m_countdown, 1);
    row->addWidget(m_cancel);
    layout->addLayout(row);
    layout->addWidget(new QLabel(tr("Verification")));
    layout->addWidget(m_checks, 1);
    layout->addWidget(m_outcome);
    m_cancel->setEnabled(false);
    connect(m_cancel, &QPushButton::clicked, this, &PushPage::cancelPush);
    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &PushPage::updateCountdown);
}

PushPage::~PushPage() = default;

void PushPage::initializePage()
{
    m_events->clear();
    m_checks->clear();
    m_outcome->clear();
    m_countdown->clear();
    m_result.reset();
    m_deadlineClock.invalidate();
    client::PairPushDevice devices[2];
    for (int side = 0; side < 2; ++side) {
        devices[side].client = m_wizard->client(side);
        devices[side].name = m_wizard->deviceName(side);
        devices[side].text = m_wizard->summaryPage()->generatedText(side);
    }
    client::PairPushOptions options;
    options.label = tr("hot-backup wizard: %1 pair")
                        .arg(QString::fromLatin1(toString(m_wizard->plan().mode)));
    options.confirmSeconds = m_wizard->confirmSeconds();
    m_push = std::make_unique<client::PairPush>(devices[0], devices[1], options);
    connect(m_push.get(), &client::PairPush::progress, this, &PushPage::onProgress);
    connect(m_push.get(), &client::PairPush::done, this, &PushPage::onDone);
    m_cancel->setEnabled(true);
    m_tick->start();
    m_push->start();
    Q_EMIT completeChanged();
}

bool PushPage::isComplete() const
{
    return m_result.has_value();
}

void PushPage::cancelPush()
{
    if (pushing()) {
        m_cancel->setEnabled(false);
        m_push->cancel();
    }
}

void PushPage::onProgress(const client::PushEvent& event)
{
    if (event.step == client::PushStep::Commit && event.state == client::PushEvent::State::Started &&
        !m_deadlineClock.isValid())
        m_deadlineClock.start();
    auto* item = new QListWidgetItem(QStringLiteral("[%1 s] %2 %3 %4")
                                         .arg(event.elapsedMs / 1000.0, 6, 'f', 2)
                                         .arg(QString::fromLatin1(client::toString(event.step)))
                                         .arg(mark(event.state), event.text));
    if (event.state == client::PushEvent::State::Failed)
        item->setForeground(ColorUtils::foreground(ColorUtils::Tone::Fault));
    m_events->addItem(item);
    m_events->scrollToBottom();
}

void PushPage::onDone(const client::PairPushResult& result)
{
    m_result = result;
    m_tick->stop();
    m_cancel->setEnabled(false);
    m_countdown->clear();
    for (const client::PushCheck& c : result.checks) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 %2 — %3")
                .arg(c.passed ? QStringLiteral("✔") : QStringLiteral("✘"), c.name, c.detail));
        item->setForeground(ColorUtils::foreground(c.passed ? ColorUtils::Tone::Active
                                                            : ColorUtils::Tone::Fault));
        m_checks->addItem(item);
    }
    const bool good = result.outcome == client::PushOutcome::Confirmed;
    m_outcome->setText(QStringLiteral("<b style=\"color:%1\">%2</b><br>%3")
                           .arg(ColorUtils::foreground(good ? ColorUtils::Tone::Active
                                                            : ColorUtils::Tone::Fault)
                                    .name(),
                                outcomeWords(result.outcome).toHtmlEscaped(),
                                result.message.toHtmlEscaped()));
    Q_EMIT completeChanged();
    Q_EMIT finished(result);
}

void PushPage::updateCountdown()
{
    if (!m_deadlineClock.isValid()) {
        m_countdown->setText(tr("Pre-flight…"));
        return;
    }
    const qint64 left = qint64(m_wizard->confirmSeconds()) * 1000 - m_deadlineClock.elapsed();
    m_countdown->setText(
        tr("Confirm deadline in %1 s: without a confirm by then both devices roll back by "
           "themselves.")
            .arg(std::max<qint64>(0, (left + 999) / 1000)));
}

QStringList PushPage::eventTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_events->count(); ++i)
        texts.append(m_events->item(i)->text());
    return texts;
}

QStringList PushPage::checkTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_checks->count(); ++i)
        texts.append(m_checks->item(i)->text());
    return texts;
}

QString PushPage::outcomeText() const
{
    return m_outcome->text();
}

QString PushPage::countdownText() const
{
    return m_countdown->text();
}

} // namespace tandem::gui
