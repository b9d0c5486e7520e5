"""Plan documents of other periods, written by hand for the tests (not from the program's output).

JINGYAN_15: a 十五五 plan for 井研县 (whose 十四五 plan is bundled): a Word-style table with the
headers "2025年"/"2030年", new-era indicators, one baseline left blank ("—").
"""

from __future__ import annotations

BODY = """第二章 主要任务
一、完善公共卫生服务体系
（一）提升疾病预防控制能力
加强县疾控中心实验室建设，到2030年达到二级标准。
（二）建设托育服务体系
每个乡镇建成1所普惠托育机构。
第三章 保障措施
一、加强组织领导
"""

JINGYAN_15 = """井研县“十五五”卫生健康事业发展规划
井研县人民政府
2026年3月
第一章 发展基础
“十四五”时期，全县卫生健康事业取得明显成效。到2030年，基本建成健康井研。
表1 井研县“十五五”卫生健康发展主要指标
领域\t序号\t指标名称\t单位\t2025年\t2030年\t指标性质
健康水平\t1\t人均预期寿命\t岁\t79.3\t80\t预期性
健康水平\t2\t孕产妇死亡率\t/10万\t—\t≤9.5\t约束性
健康服务\t3\t每千人口拥有3岁以下婴幼儿托位数\t个\t4.5\t5.5\t预期性
健康服务\t4\t每千常住人口执业（助理）医师数\t人\t3.1\t3.6\t预期性
健康服务\t5\t县域内住院率\t%\t88\t90\t预期性
""" + BODY

# the same region's 十四五 plan is bundled; these are its 2025 values, entered in the tests
JINGYAN_14_FINAL = {"人均预期寿命": "79.5", "孕产妇死亡率": "8.1", "每千人口拥有3岁以下婴幼儿托位数": "4.5",
                    "每千常住人口执业（助理）医师数": "3.1"}

THIRTEENTH = """某某市“十三五”卫生与健康规划
第一章 发展基础
表1 主要指标
序号\t指标\t单位\t2015年\t2020年\t属性
1\t人均预期寿命\t岁\t76.3\t77.3\t预期性
2\t孕产妇死亡率\t/10万\t18\t≤16\t约束性
""" + BODY

SIXTEENTH = """某某区“十六五”卫生健康规划
第一章 发展基础
表1 主要指标
序号\t指标\t单位\t基期值（2030年）\t目标值（2035年）\t属性
1\t人均预期寿命\t岁\t80.2\t81\t预期性
2\t每千人口拥有3岁以下婴幼儿托位数\t个\t5.5\t6\t预期性
""" + BODY
