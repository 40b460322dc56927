import Tabular

/// A cell of an assessment table: a `CSVCell`, so numbers stay numbers and text is guarded.
public typealias TableValue = CSVCell
