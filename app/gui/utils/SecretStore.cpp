#include "SecretStore.h"

#include "Logging.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace tandem::gui {

namespace {

SecretStore::Result resultOf(const QKeychain::Job& job)
{
    using Status = SecretStore::Result::Status;
    SecretStore::Result result;
    switch (job.error()) {
    case QKeychain::NoError:
        if (const auto* read = qobject_cast<const QKeychain::ReadPasswordJob*>(&job))
            result.secret = read->textData();
        return result;
    case QKeychain::EntryNotFound:
        result.status = Status::NotFound;
        result.message = SecretStore::tr("no password is saved in the keychain for this device");
        return result;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // Secret Service unreachable (no D-Bus session, no keyring daemon) reads as OtherError.
        result.status = Status::NoKeychain;
        result.message = SecretStore::tr("no keychain available (%1): the password is not "
                                         "saved — Tandem never writes it to a file; you will "
                                         "be asked for it at connect")
                             .arg(job.errorString());
        return result;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        break;
    }
    result.status = Status::Failed;
    result.message = SecretStore::tr("the keychain refused (%1): the password is not saved; you "
                                     "will be asked for it at connect")
                         .arg(job.errorString());
    return result;
}

void run(QKeychain::Job* job, SecretStore::Callback done)
{
    // Off by default already; stated because a plaintext fallback must never happen.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    QObject::connect(
        job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job* j) {
            const SecretStore::Result result = resultOf(*j);
            if (result.status == SecretStore::Result::Status::NoKeychain ||
                result.status == SecretStore::Result::Status::Failed)
                qCWarning(lcGui).noquote() << "keychain:" << j->key() << j->errorString();
            done(result);
        });
    job->start();
}

} // namespace

SecretStore::SecretStore(const QString& service, QObject* parent)
    : QObject(parent), m_service(service)
{}

void SecretStore::read(const QString& key, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    run(job, std::move(done));
}

void SecretStore::write(const QString& key, const QString& secret, Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    run(job, std::move(done));
}

void SecretStore::remove(const QString& key, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    run(job, std::move(done));
}

} // namespace tandem::gui
