/// The synthetic town's make-up: communities and departments with their pace, industries and
/// sizes with their share, difficulty and risk. Multipliers are relative to 1 (typical).
public struct TownProfile: Sendable {
    /// A community (所属社区) and how fast its enterprises move.
    public struct Community: Sendable { public var name: String; public var pace: Double }
    /// A supervising department (监管部门) and its pace.
    public struct Department: Sendable { public var name: String; public var pace: Double }
    /// An industry: relative share, ease of completing, baseline risk (0–1), usual department.
    public struct Industry: Sendable {
        public var name: String; public var weight: Double; public var ease: Double
        public var risk: Double; public var department: Int; public var points: [String]
    }
    /// A size class: share, ease, and a scale for counts (hazards, risk points).
    public struct Size: Sendable {
        public var size: EnterpriseSize; public var weight: Double; public var ease: Double; public var scale: Double
    }

    public var communities: [Community]
    public var departments: [Department]
    public var industries: [Industry]
    public var sizes: [Size]
    /// The probabilities and rates of an enterprise's life shared by all (`EnterpriseRates`).
    public var rates: EnterpriseRates = .standard

    /// The default town: 8 communities, 5 departments, the six key industries of
    /// `Campaign.townPlan` plus 商贸, 餐饮 and 仓储物流.
    public static let standard = TownProfile(
        communities: [
            Community(name: "东湖社区", pace: 1.25), Community(name: "西山社区", pace: 0.75),
            Community(name: "南港社区", pace: 1.05), Community(name: "北苑社区", pace: 0.9),
            Community(name: "中心社区", pace: 1.15), Community(name: "江滨社区", pace: 0.95),
            Community(name: "新城社区", pace: 1.0), Community(name: "工业园社区", pace: 1.1),
        ],
        departments: [
            Department(name: "应急管理办", pace: 1.15), Department(name: "市场监管所", pace: 0.85),
            Department(name: "住建办", pace: 1.0), Department(name: "交通运输办", pace: 1.05),
            Department(name: "消防救援站", pace: 0.95),
        ],
        industries: [
            Industry(name: "危险化学品", weight: 4, ease: 0.9, risk: 1.0, department: 0,
                     points: ["储罐区", "反应釜", "装卸作业", "危化品仓库", "动火作业"]),
            Industry(name: "工贸", weight: 26, ease: 1.0, risk: 0.6, department: 0,
                     points: ["冲压设备", "粉尘作业", "有限空间", "配电房", "叉车作业"]),
            Industry(name: "道路运输", weight: 8, ease: 1.0, risk: 0.7, department: 3,
                     points: ["车辆停放场", "维修车间", "加油作业", "长途客运"]),
            Industry(name: "建筑施工", weight: 10, ease: 0.85, risk: 0.8, department: 2,
                     points: ["高处作业", "塔吊作业", "深基坑", "脚手架", "临时用电"]),
            Industry(name: "消防", weight: 4, ease: 1.1, risk: 0.5, department: 4,
                     points: ["消防控制室", "疏散通道", "电气线路"]),
            Industry(name: "城镇燃气", weight: 3, ease: 0.95, risk: 0.9, department: 0,
                     points: ["调压站", "燃气管网", "瓶组间"]),
            Industry(name: "商贸", weight: 18, ease: 1.05, risk: 0.3, department: 1,
                     points: ["仓储区", "电气线路", "人员密集区"]),
            Industry(name: "餐饮", weight: 17, ease: 0.8, risk: 0.4, department: 1,
                     points: ["厨房燃气", "油烟管道", "电气线路"]),
            Industry(name: "仓储物流", weight: 10, ease: 0.95, risk: 0.5, department: 3,
                     points: ["货架区", "叉车作业", "装卸平台", "冷库"]),
        ],
        sizes: [
            Size(size: .large, weight: 4, ease: 1.3, scale: 2.0),
            Size(size: .medium, weight: 14, ease: 1.1, scale: 1.5),
            Size(size: .small, weight: 40, ease: 1.0, scale: 1.0),
            Size(size: .micro, weight: 42, ease: 0.8, scale: 0.6),
        ])
}
