#pragma once

// The JSON form of a pair plan (config/PairPlan.h), as `tandemctl config plan` prints it and
// `config generate --plan` reads it. Keys are the field names of the structs; the errors of
// generatePair name fields by the same key paths. Optional keys may be left out (their default);
// an unknown key is an error, so that a misspelt field is not silently ignored.

#include "config/PairPlan.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace tandem::protocol {

QJsonObject toJson(const config::PairPlan& plan);
// The first problem names the key path ("serviceLocations[0].master: must be \"a\" or \"b\"").
std::optional<config::PairPlan> pairPlanFromJson(const QJsonObject& json, QString* error);

} // namespace tandem::protocol
