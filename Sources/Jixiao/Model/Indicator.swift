import Foundation

/// One row of an indicator table: a level-3 indicator (三级指标) under its level-1 and level-2
/// headings, with its target.
public struct Indicator: Equatable, Sendable {
    /// 一级指标, normalised to the national name (效果指标 -> 效益指标).
    public var level1: String?
    /// 二级指标, normalised likewise.
    public var level2: String?
    /// 三级指标: the unit's own indicator.
    public var name: String
    /// Absent for a purely qualitative target.
    public var op: Comparator?
    public var value: TargetValue?
    /// Normalised unit (百分比 -> %).
    public var unit: String?
    public var nature: Nature?
    public var period: Period
    /// 指标解释 / 绩效指标描述 / 指标内容
    public var description: String?
    /// 指标值确定依据 (取值依据)
    public var basis: String?
    /// 评（扣）分标准
    public var scoring: String?
    /// 分值 / 权重
    public var weight: Decimal?
    /// Values of earlier years (前年, 上年) beside the target.
    public var priorValues: [PriorValue]
    /// 指标分类, e.g. 绩效基本型.
    public var category: String?
    /// The text as the filing wrote it, for every field whose value was normalised
    /// (key: the field's canonical name, e.g. "level1", "op", "value").
    public var written: [String: String]
    /// Cells of columns no field holds, by their header text.
    public var extra: [ExtraText]
    public var source: SourcePosition?

    public init(
        level1: String? = nil, level2: String? = nil, name: String, op: Comparator? = nil,
        value: TargetValue? = nil, unit: String? = nil, nature: Nature? = nil,
        period: Period = .annual, description: String? = nil, basis: String? = nil,
        scoring: String? = nil, weight: Decimal? = nil, priorValues: [PriorValue] = [],
        category: String? = nil, written: [String: String] = [:], extra: [ExtraText] = [],
        source: SourcePosition? = nil
    ) {
        self.level1 = level1
        self.level2 = level2
        self.name = name
        self.op = op
        self.value = value
        self.unit = unit
        self.nature = nature
        self.period = period
        self.description = description
        self.basis = basis
        self.scoring = scoring
        self.weight = weight
        self.priorValues = priorValues
        self.category = category
        self.written = written
        self.extra = extra
        self.source = source
    }
}

/// The comparator of a target, in its canonical spelling.
public enum Comparator: String, Sendable, CaseIterable {
    case greaterOrEqual = ">="
    case lessOrEqual = "<="
    case equal = "="
    case greater = ">"
    case less = "<"
}

/// 定量 (a comparator, a number and a unit) or 定性 (a text such as 达标).
public enum Nature: String, Sendable, CaseIterable {
    case quantitative
    case qualitative
}

/// Which table an indicator belongs to: 年度 or 长期.
public enum Period: String, Sendable, CaseIterable {
    case annual
    case longTerm = "long_term"
}

/// A target value: a number for quantitative targets, text otherwise ("上年度", "达标").
public enum TargetValue: Equatable, Sendable, CustomStringConvertible {
    case number(Decimal)
    case text(String)

    public var description: String {
        switch self {
        case .number(let number): return CanonicalNumber.format(number)
        case .text(let text): return text
        }
    }

    public var number: Decimal? {
        if case .number(let number) = self { return number }
        return nil
    }
}

/// A value of an earlier year beside the target (前年 / 上年 columns).
public struct PriorValue: Equatable, Sendable {
    public var label: String
    public var value: TargetValue?

    public init(label: String, value: TargetValue? = nil) {
        self.label = label
        self.value = value
    }
}
