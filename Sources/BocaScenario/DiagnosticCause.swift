import BocaModels

/// The typed error under a ``ScenarioDiagnostic``, when one is known: what went wrong, apart from
/// where (the diagnostic's file, line, column and key path) and from the words shown to the user
/// (its `expected` and `found`). Callers and tests match on it instead of on message text, as
/// GRDB's `DatabaseError` carries its result code next to its message.
public enum DiagnosticCause: Sendable, Equatable {
  /// A model refused a parameter, a layer or a node column.
  case model(ModelError)
  /// A campaign action does not fit the graph, the model or the seeding policies.
  case campaign(CampaignProblem)
}

/// What can be wrong with a campaign action once the graph and the model are known (the file's
/// own syntax is checked when it is read).
public enum CampaignProblem: Sendable, Equatable {
  /// A `side`, `from`, `to` or `cost_per_seed` key names a side the graph does not have.
  case unknownSide(String)
  /// A `layer` key names a layer the graph does not have.
  case unknownLayer(String)
  /// A seed action with a budget can buy seeds on `side` but has no cost > 0 for it.
  case missingSeedCost(side: String)
  /// A seed action's budget is below the cheapest seed.
  case budgetBuysNoSeed(budget: Double, cheapest: Double)
  /// A seed action names a policy the runner does not know.
  case unknownPolicy(String)
  /// A known policy could not run on this graph and model (`reason` is its error, in words).
  case policyFailed(policy: String, reason: String)
  /// A seed action asks for more seeds per wave than its pool has nodes.
  case moreSeedsThanNodes(k: Int, available: Int)
  /// An action of this kind runs only in the `wom` model (for a seed action: waves after the
  /// first, or a first wave after step 0).
  case needsWordOfMouth(CampaignAction.Kind, model: String)
}
