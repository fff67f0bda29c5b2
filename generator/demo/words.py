"""The demo corpus's vocabulary: fictional units, topics, places, people's surnames and phrase
banks of suggestions and replies (丰禾市 and everything in it is invented).

Kept apart from the generator (`generator.demo.corpus`), which draws from these tables.
"""

from __future__ import annotations

import random
import re
from typing import NamedTuple

# slug|name|文号 prefix|former names (;-separated), entries separated by white space
UNITS = """housing|市住房和城乡建设局|丰住建|市住房保障和房产管理局
civil-affairs|市民政局|丰民|  finance|市财政局|丰财|  education|市教育局|丰教|
health|市卫生健康委员会|丰卫健|市卫生和计划生育委员会  transport|市交通运输局|丰交|
ecology|市生态环境局|丰环|  natural-resources|市自然资源和规划局|丰资规|市国土资源局;市规划局
human-resources|市人力资源和社会保障局|丰人社|
data-bureau|市数据资源管理局|丰数据|市大数据发展管理局  urban-management|市城市管理局|丰城管|
market-regulation|市市场监督管理局|丰市监|  agriculture|市农业农村局|丰农|
culture-tourism|市文化广电旅游局|丰文旅|市文化广电新闻出版局
development-reform|市发展和改革委员会|丰发改|  economy-it|市经济和信息化局|丰经信|
science-tech|市科学技术局|丰科|  public-security|市公安局|丰公|  justice|市司法局|丰司|
commerce|市商务局|丰商|  water|市水利局|丰水|
emergency|市应急管理局|丰应急|市安全生产监督管理局  medical-security|市医疗保障局|丰医保|
sports|市体育局|丰体|  veterans|市退役军人事务局|丰退役|
gov-services|市政务服务管理办公室|丰政务|市行政审批服务局  forestry|市园林绿化局|丰园林|
dongcheng|丰禾市东城区人民政府|东城政|  xihe|丰禾市西河区人民政府|西河政|
qingshi|青石县人民政府|青石政|"""

# A line with | starts a topic: slug|name|description|lead unit slugs; the lines after it hold
# subjects and countable things with their measure word (养老服务中心/个).
TOPICS = """elderly-care|养老服务|养老机构、居家和社区养老、老年人福利|civil-affairs health
社区居家养老服务网络建设 老年助餐服务 养老机构医养结合 农村互助养老 失能老人长期照护
养老护理员队伍建设 社区老年食堂/家 养老服务中心/个 护理型床位/张 居家养老服务站/个 老年助餐点/个
urban-renewal|城市更新|老旧小区改造、加装电梯、街区整治|housing natural-resources
老旧小区改造 既有住宅加装电梯 背街小巷整治 城中村改造 历史街区有机更新 小区停车设施改造
改造小区/个 加装电梯/台 背街小巷/条 口袋公园/个 改造楼栋/幢
education|教育|学前教育、义务教育、职业教育和学位供给|education
普惠性学前教育 义务教育学位供给 中小学课后服务 职业教育产教融合 中小学心理健康教育
校园周边交通安全 普惠性幼儿园/所 中小学校/所 学位/个 实训基地/个 心理辅导室/间
healthcare|医疗卫生|基层医疗、公立医院、公共卫生和医保衔接|health medical-security
基层医疗卫生服务能力建设 家庭医生签约服务 院前急救体系建设 儿科医疗服务 慢性病健康管理
医保门诊共济保障 社区卫生服务站/个 家庭医生团队/支 急救站点/个 儿科诊室/间 村卫生室/个
transport|交通出行|公交线路、停车设施、道路和慢行系统|transport urban-management
公交线网优化 公共停车设施建设 慢行系统建设 城乡公交一体化 交通拥堵治理 新能源汽车充电设施建设
公交线路/条 公共停车泊位/个 充电桩/个 慢行道/公里 港湾式停靠站/个
environment|生态环境|水环境治理、大气污染防治、垃圾分类|ecology water
城市内河水环境治理 大气污染联防联控 生活垃圾分类 建筑垃圾资源化利用 噪声污染防治
农村生活污水治理 垃圾分类投放点/个 污水管网/公里 空气质量监测站/个 治理河道/条
餐厨垃圾处理设施/座
digital-government|数字政府|一网通办、政务服务自助终端、数据共享|data-bureau gov-services
政务服务“一网通办” 政务服务自助终端布设 公共数据共享开放 “高效办成一件事”改革 政务服务适老化改造
基层报表减负 政务服务自助终端/台 数据共享接口/个 便民服务点/个 集成办理事项/项 应用场景/个
employment|就业和社会保障|就业创业、技能培训、社会保险|human-resources
高校毕业生就业服务 灵活就业人员参保 职业技能培训 零工市场建设 返乡创业扶持
新就业形态劳动者权益保障 零工市场/个 创业孵化基地/个 技能培训基地/个 就业服务驿站/个 见习岗位/个
rural|乡村振兴|农业产业、农村基础设施、农民增收|agriculture
农村人居环境整治 特色农业产业发展 农村公路提档升级 村级集体经济发展 高标准农田建设
农产品冷链物流 农村公路/公里 高标准农田/亩 冷链仓储设施/个 美丽乡村示范村/个 农村公厕/座
culture-tourism|文化旅游|公共文化服务、文物保护、旅游发展|culture-tourism
公共文化服务体系建设 文物保护利用 乡村旅游发展 城市书房建设 非物质文化遗产传承 夜间文旅消费
城市书房/家 文化礼堂/个 旅游厕所/座 非遗工坊/个 文物保护单位/处
market|市场监管|食品安全、营商环境、消费者权益|market-regulation
食品安全监管 营商环境优化 消费者权益保护 校园食品安全 电梯安全监管 个体工商户转型升级
阳光厨房/家 快检室/个 消费维权服务站/个 智慧农贸市场/个 电梯应急处置站/个
housing-security|住房保障|保障性租赁住房、公租房、人才住房|housing
保障性租赁住房建设 公租房分配管理 新市民住房保障 人才安居 住房公积金使用 物业服务管理
保障性租赁住房/套 公租房/套 人才公寓/套 物业服务示范小区/个 租赁住房/套
public-safety|公共安全|应急管理、消防、社会治安|emergency public-security
电动自行车充电安全 应急避难场所建设 基层消防力量建设 防汛防台能力建设 社区网格化治理
城镇燃气安全 电动自行车集中充电点/个 应急避难场所/个 微型消防站/个 防汛物资仓库/个 智能烟感/个
science-innovation|科技创新|科技企业培育、创新平台、人才引进|science-tech economy-it
科技型中小企业培育 创新平台建设 科技成果转化 青年科技人才引进 制造业数字化转型 专精特新企业培育
创新平台/个 科技企业孵化器/家 数字化车间/个 中试基地/个 产学研联合体/个
sports|体育健身|全民健身设施、体育赛事、青少年体育|sports
全民健身设施建设 学校体育场地开放 社区运动场地建设 青少年体育培训 群众性体育赛事 城市绿道建设
社区健身点/个 百姓健身房/家 笼式球场/片 健身步道/公里 体育公园/个"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
DISTRICTS = ("东城区", "西河区", "南山区", "北湖区", "丰禾新区", "青石县", "柳溪县")
TOWNS = ("桂花街道", "云溪街道", "白鹭镇", "石桥镇", "清河街道", "杏林街道", "双塘镇", "枫林乡")
MOTTOS = ("一站式服务", "15分钟服务圈", "网格化管理", "嵌入式服务", "清单化推进", "闭环式管理")
LIMITS = ("用地指标", "财政承受能力", "现行政策规定", "技术条件", "上级事权划分", "建设周期")
ORGS = ("民革丰禾市委会", "民盟丰禾市委会", "民建丰禾市委会", "九三学社丰禾市委会", "市工商联")
ACTIONS = ("加快推进", "进一步完善", "切实加强", "持续优化", "统筹推进", "着力提升", "高质量推进")
WITHHELD = ("涉及商业秘密", "涉及个人隐私", "属于过程性信息，相关政策尚在研究制定中")
SATISFACTION = (("满意", 0.7), ("基本满意", 0.92), ("不满意", 1.0))
ADOPTION = {"A": "全部采纳", "B": "部分采纳", "C": "留作参考"}

OPENING = ("感谢您对我市{topic}工作的关心和支持。{self}高度重视，会同{co}进行了认真研究，"
            "并与您作了沟通。")
OPENING_CO = "{self}作为会办单位，对您的{kw}进行了认真研究，现将我们职责范围内的有关情况函告如下。"
CLOSING = ("感谢您对我市{topic}工作的关心和支持，欢迎继续提出宝贵意见和建议。",
            "再次感谢您对{subject}的关注，希望继续给予支持和监督。")
WORK = (
    "{y0}年以来，我市把{subject}列入民生实事项目，累计投入资金{money}，建成{item}{n}{m}。",
    "截至{y0}年底，{district}已建成{item}{n}{m}，覆盖{k}个街道（乡镇），服务群众{people}万人次。",
    "{district}{town}率先开展{subject}试点，探索形成“{motto}”工作模式，群众满意度达到{pct}%。",
    "市政府办公室印发了《丰禾市{subject}实施办法》，明确了{k}项重点任务和{few}条具体措施。",
    "{self}会同{co}建立了工作专班，{y0}年召开专题会议{k}次，协调解决问题{n}个。",
    "全市{item}数量逐年增加，{y0}年新增{n}{m}，较上年增长{rate}%。",
    "我们在{district}开展了专项调研，走访群众{n}户，梳理形成问题清单{k}项并逐项推动整改。",
    "{y}年市级财政安排{topic}专项资金{money}，较上年增加{rate}%，重点用于{item}建设和运营补助。",
    "通过“{motto}”方式，{district}{item}的平均使用率提高了{k}个百分点。",
    "针对{subject}中的难点，我们制定了{k}项配套政策，累计惠及群众{people}万人次。",
    "{y0}年，全市共完成{subject}项目{k}个，总投资{money}，带动社会投资{money}。",
    "{district}依托{item}打造“{motto}”品牌，年服务群众{people}万人次，做法在全省推广。",
    "我们将{subject}纳入专项规划，提出到{y2}年建成{item}{n}{m}的目标。",
    "{y}年上半年，全市新开工{item}{n}{m}，已完工{few}{m}，其余项目正在加快推进。",
    "{self}联合{co}出台奖补政策，对每个{item}给予最高{few}万元补助。",
    "我们定期对{item}开展“双随机”检查，{y0}年检查{n}次，督促整改问题{few}个。",
)
NEXT = (
    "下一步，我们将把{subject}纳入{y1}年度重点工作，计划新增{item}{n}{m}。",
    "积极争取上级补助资金，力争{y1}年安排{subject}专项资金不少于{money}。",
    "加强与{co}的协同配合，定期会商{subject}中的重点难点问题，推动相关政策落地见效。",
    "在{district}选择{k}个街道（乡镇）开展示范创建，及时总结推广“{motto}”经验做法。",
    "完善考核评价机制，将{topic}工作纳入各区县年度综合考核，权重不低于{k}%。",
    "通过“丰禾发布”和政务服务网解读{subject}相关政策，提高群众知晓率。",
    "建立{item}运营评估制度，每年组织第三方评估不少于{k}次，评估结果与补助资金挂钩。",
    "推动{district}{town}等地{item}提质增效，力争到{y2}年覆盖率达到{pct}%以上。",
    "持续跟踪{subject}的实施情况，每季度通报一次进展，确保各项任务按期完成。",
    "加强队伍建设，{y1}年计划培训基层工作人员{n}人次，提升专业化服务水平。",
    "引入社会力量参与{item}建设运营，形成政府主导、社会参与的多元投入格局。",
    "对{district}等基础较弱的区域给予倾斜支持，{y1}年安排补助资金{money}。",
    "推动{item}信息接入“丰禾通”平台，实现一网查询、一键预约。",
)
DETAIL = (
    "经实地调研，{district}{town}的{item}确实存在布局不均衡的问题，已列入年度整改清单。",
    "对您提到的{issue}问题，我们组织{k}个工作组开展专项督查，督促相关区县落实整改。",
    "在资金保障方面，{y}年已下达补助资金{money}，后续将根据实施进度分批拨付。",
    "在政策支持方面，{self}已会同{co}起草了配套文件，目前正在征求意见。",
    "在标准建设方面，我们参照省级规范制定了{item}建设和服务标准，共{few}项指标。",
    "在要素保障方面，已协调落实建设用地{few}亩，解决了{district}{item}项目的用地问题。",
    "在运营管理方面，我们引入专业机构参与{item}运营，服务质量评价优良率达到{pct}%。",
    "在群众参与方面，我们通过座谈会等形式听取群众意见{n}条，吸收采纳{few}条。",
)
ANSWER = {
    "A": ("关于您提出的{issue}的{kw}，我们已吸收采纳，目前已在{district}落实到位，"
          "新增{item}{n}{m}。",
          "您提出的{issue}，已纳入《丰禾市{topic}专项规划》并启动实施，目前已基本完成。"),
    "B": ("关于{issue}，我们认为很有针对性，已列入{y1}年工作计划，预计{y1}年{month}月底前完成。",
          "关于{issue}，{lead}已会同有关部门形成初步方案，正在按程序报批，计划分{k}年实施。"),
    "C": ("关于{issue}，受{limit}等因素限制，目前暂不具备全面推开的条件，"
          "我们将留作参考、研究推进。",
          "关于{issue}，涉及{limit}，需要上级部门统筹研究，我们已将您的意见向上级有关部门反映。"),
}
HEADINGS = (("基本情况", "近年来开展的主要工作", "关于{topic}工作的推进情况"),
             ("关于您提出的具体{kw}", "关于{kw}事项的办理情况"),
             ("下一步工作打算", "下一步工作措施"))
BACKGROUND = ("近年来，我市{topic}工作取得明显成效，{item}覆盖面不断扩大。",
               "{y0}年我在{district}{town}走访调研时，不少群众反映{subject}方面的困难。",
               "随着群众需求不断升级，{subject}已成为群众普遍关心的民生问题。",
               "据调研，{district}现有{item}{n}{m}，与群众需求相比仍有较大差距。")
PROBLEMS = ("{item}数量不足，{district}等区域缺口较大", "资金投入渠道单一，长效保障机制不够健全",
             "部门协同不够，{item}运营管理水平参差不齐", "群众知晓率不高，部分{item}使用率仅{pct}%",
             "专业人员短缺，{town}等基层站点人手紧张", "标准规范滞后，{subject}缺乏统一指引")
PROPOSALS = ("加大财政投入，每年新增{item}不少于{n}{m}", "由{lead}牵头建立{subject}协调机制",
              "在{district}{town}先行试点，成熟后在全市推广", "将群众满意度纳入{subject}考核评价",
              "鼓励社会资本参与{item}建设运营，落实用地、税费等优惠政策",
              "建立{item}长效管护机制，明确管护责任主体和经费来源")
PROGRESS = ("{district}新增{item}{n}{m}，{subject}工作取得阶段性进展，累计投入{money}。",
             "截至目前，全市已建成{item}{n}{m}，{issue}相关任务已完成{pct}%。",
             "{district}{town}的{item}已投入使用，日均服务群众{n}人次。")
ORDINALS = "一二三四五六七八九"


def shuffles(pool: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """32 orders of `pool`, the same on every run: the decks `Draw.pick` deals phrases from."""
    # Shuffled once at import from a fixed seed: random.sample per reply cost more than
    # drawing all the numbers, and picking one of 32 orders looks just as varied.
    shuffler = random.Random(len(pool))
    return tuple(tuple(shuffler.sample(pool, len(pool))) for _ in range(32))


DECKS = (shuffles(WORK), shuffles(DETAIL), shuffles(NEXT))
BODY_DECKS = (shuffles(BACKGROUND), shuffles(PROBLEMS), shuffles(PROPOSALS))

# A one-page blank PDF, so that attachment links in the demo corpus resolve to a real file.
PDF_OBJECTS = (b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>")


class Unit(NamedTuple):
    """A demo unit as UNITS gives it: slug, name, 文号 prefix and former names (maybe none)."""

    slug: str
    name: str
    abbr: str
    former: tuple[str, ...]


class Topic(NamedTuple):
    """A demo topic as TOPICS gives it: slug, name, description, slugs of the units that lead
    on it, its subjects, and its countable things as (thing, measure word), e.g. ("学位", "个")."""

    slug: str
    name: str
    description: str
    leads: tuple[str, ...]
    subjects: tuple[str, ...]
    items: tuple[tuple[str, str], ...]


UNIT_LIST = [Unit(s, n, a, tuple(f.split(";")) if f else ())
              for s, n, a, f in (e.split("|") for e in UNITS.split())]
# Records may name a unit by slug or by a former name; both lead to the unit.
UNIT = {u.slug: u for u in UNIT_LIST} | {f: u for u in UNIT_LIST for f in u.former}
UNIT_CODE = {u.slug: i for i, u in enumerate(UNIT_LIST, 1)}


def topic(block: str) -> Topic:
    """The Topic of one block of TOPICS: its `slug|name|description|leads` line and the words
    after it, a word with `/` being a countable thing (养老服务中心/个), any other a subject.
    A head line with other than four fields raises ValueError."""
    head, *rest = block.split("\n")
    slug, name, description, leads = head.split("|")
    words = " ".join(rest).split()
    items = tuple((w.split("/")[0], w.split("/")[1]) for w in words if "/" in w)
    return Topic(slug, name, description, tuple(leads.split()),
                  tuple(w for w in words if "/" not in w), items)


TOPIC_LIST = [topic(block) for block in re.sub(r"\n(?=\S+\|)", "\n\n", TOPICS).split("\n\n")]

SITE = """# 丰禾市（虚构）建议提案办理复文公开网站的设置：演示语料。
name: 丰禾市建议提案办理复文公开
jurisdiction: 丰禾市人民政府
classification:
  - {code: A, label: 已解决或基本解决}
  - {code: B, label: 正在解决或列入计划解决}
  - {code: C, label: 因条件限制留作参考}
deadline: {months: 3, extended_months: 6}
list_pending: false
show_withheld_reason: true
redaction: []
"""
