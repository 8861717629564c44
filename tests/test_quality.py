"""Extraction quality, scored the way ``kg eval`` and the reference scorer score it.

The sample page must meet issue 3's bar. The held-out pages under tests/pages/heldout/ were written by
the lead in other provinces with invented names, each measured once before anyone fixed what it showed;
their floors keep later changes from quietly losing what generalises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import evaluate, pipeline
from kg.model import Options

HELDOUT = Path(__file__).parent / "pages" / "heldout"

#: pages whose first measurement showed gaps no fix has closed yet: their floors are what they score
#: now (entity F1, relation F1, event score, bylines missed, articles missed), so that nothing slips
#: further; qiqihar was never given to anyone writing rules (the lead fixed two of its byline and caption
#: patterns at the end of session 2, with test pages of his own). zibo and baotou were written and
#: measured once in session 3 before any fix (zibo 0.898/0.778/0.875, bylines 3/9, articles 2/5; baotou
#: 0.816/0.714/0.333, bylines 5/7, articles 3/4); the fixes that followed have test pages of their own.
#: qujing (Yunnan) was written and measured once in session 4 before any fix it showed: entity F1 0.941,
#: relation F1 0.867, events 0.375, bylines 5/9, articles 4/5; its floor is what the fixes that followed
#: (each with a test page of its own) reach: 0.957/0.903/0.875, bylines 9/9, articles 5/5.
#: tianshui (Gansu) was written and measured once in session 5 before any change: entity F1 0.925,
#: relation F1 0.933, events 0.438, bylines 9/9, articles 5/5 (0.954/0.966/0.438 against its gold as
#: corrected after that measurement: venues typed as organisations, borderline items added); the fixes
#: that followed (each with a test page of its own) bring it to 1.0/1.0/1.0, and baotou's 青山区工会 /
#: 青山区总工会 split, qujing's 南宁街道 (read as 南宁市) and liuzhou's 柳钢集团(工会) split (a caption's
#: short form of a name another article resolved) are closed with them.
#: chongqing (a municipality) and tongren (Guizhou) were written and measured once in session 6 before any
#: change: chongqing entity F1 0.88, relation F1 0.815, events 0.583, bylines 3/11, articles 2/6; tongren
#: 0.937/0.848/0.475, bylines 6/9, articles 3/5 (against their gold with starts_with keys corrected to
#: ASCII digits, as the graph's articleBody has them: chongqing bylines 5/11, articles 4/6; tongren 8/9, 4/5).
#: The fixes that followed (each with a test of its own: padded rarer surnames, 摄影：A, 值班编委, a
#: romanised masthead, verbless subject lines over two lines, colon headlines, A 摄影报道, a municipality as
#: home city, 万山区, street offices and unions, listed winners, 到场) bring them to: chongqing
#: 0.987/0.897/0.583, tongren 0.987/0.914/0.75, all bylines and articles. Then (each with a test page of
#: its own: 第N届 before a quoted brand, a trade word tagged a quantity, a suffix whose tail starts another
#: word, rural banks' short forms, community venues, quoted handouts) chongqing 1.0/0.933/1.0, tongren
#: 1.0/0.914/0.938. What stays open: bureau locations (市教育委员会, 区人社局), a community (X社区) as an
#: event's location, a wire headline whose first line holds a verb (X“技能+学历”双提升计划 / 惠及…)
#: siping (Jilin, a union page) and wuhu (Anhui, general city news: a court, a bureau's inspection, a
#: hospital, a school) were written by the lead on 2026-12-01 while that session's fixes were being made,
#: and measured once only after all of them were merged, before any fix they show: siping 0.954/0.963/
#: 0.417, wuhu 0.978/0.615/0.278 (1.0/0.727 against its gold corrected in two non-required items), all
#: bylines and articles found on both. That is the honest estimate for a new page after this session.
#: haikou (Hainan, an evening paper's city page heavy in events) was written after those pages' fixes were
#: merged and measured once before any fix it shows: 0.977/0.909/0.875, all bylines and articles (entity
#: F1 1.0 against its gold given two borderline items afterwards).
#: changji (Xinjiang: Uyghur and Kazakh names with a middle dot) was written after every fix of that
#: session was merged and measured once: 1.0/0.923/0.833, all bylines and articles; no fix followed.
#: The fixes that followed (each with a test page of its own: a legal form after a bank's name and its
#: union, park venues, a headline wrapped after its verb, attended ceremonies, court hearings and
#: divisions, inspections, plans, 全总 inside 安全总监) bring siping to 1.0/1.0/0.979 and wuhu to
#: 1.0/1.0/0.944; what stays open: a company head who only speaks (表示) as a participant, a student
#: winner of a school festival (wuhu E4).
#: haikou's fixes (a test page and unit tests of their own: a bare 医院/公司/学校 before a head role is the
#: body named before, job markets and exhibition centres as venues, 到现场察看 as taking part) bring it
#: to 1.0/1.0/1.0.
KNOWN_GAPS = {
    "liuzhou-page": (1.0, 1.0, 1.0, 0, 0),
    "qiqihar-page": (0.97, 0.95, 0.9, 1, 0),
    "zibo-page": (1.0, 1.0, 1.0, 0, 0),
    "baotou-page": (1.0, 1.0, 1.0, 0, 0),
    "qujing-page": (1.0, 1.0, 1.0, 0, 0),
    "baoji-page": (1.0, 1.0, 1.0, 0, 0),
    "yichang-page": (1.0, 1.0, 1.0, 0, 0),
    "zhuzhou-corpus": (1.0, 0.9, 1.0, 0, 0),
    "tianshui-page": (1.0, 1.0, 1.0, 0, 0),
    "chongqing-page": (1.0, 0.933, 1.0, 0, 0),
    "tongren-page": (1.0, 0.914, 1.0, 0, 0),
    "siping-page": (1.0, 1.0, 0.97, 0, 0),
    "wuhu-page": (1.0, 1.0, 0.94, 0, 0),
    "haikou-page": (1.0, 1.0, 1.0, 0, 0),
    "changji-page": (1.0, 0.92, 0.83, 0, 0),
    # first measured 0.976 / 0.889 / 0.903 and 0.789 / 0.571 / 0.556 (bylines 6/9, articles 4/5), then
    # fixed against: development pages now
    "quanzhou-page": (1.0, 1.0, 0.94, 0, 0),
    "yinchuan-page": (0.97, 1.0, 1.0, 0, 0),
    # first measured 0.914 / 0.769 / 0.778 and 0.848 / 0.889 / 0.917 (bylines 5/6), then fixed against
    "datong-page": (0.97, 1.0, 0.83, 0, 0),
    "wuxi-page": (1.0, 1.0, 1.0, 0, 0),
    # measured once after the fixes above: 1.0 / 1.0 / 1.0 (no fix after it) and 0.917 / 0.857 / 0.222
    "langfang-page": (1.0, 1.0, 1.0, 0, 0),
    "anshan-page": (1.0, 1.0, 1.0, 0, 0),
    # measured once later: 0.769 / 0.75 / 0.625 and 0.889 / 0.889 / 1.0, then fixed against
    "lasa-page": (1.0, 1.0, 1.0, 0, 0),
    "tianjin-page": (1.0, 1.0, 1.0, 0, 0),
    # hard-wrapped like a PDF's text: first measured 0.87 / 0.75 / 0.875, then fixed against
    "ordos-page": (1.0, 1.0, 1.0, 0, 0),
    # wire stories: first measured 0.963 / 0.857 / 1.0, then fixed against
    "jiangmen-page": (1.0, 1.0, 1.0, 0, 0),
    # measured once at the end: 1.0 / 0.923 / 0.5 (a founding congress's organiser by convention)
    "shaoxing-page": (1.0, 1.0, 0.5, 0, 0),
    # rural news, measured once at the end: 0.762 / 0.667 / 0.75, then fixed against
    "zhangjiakou-page": (1.0, 1.0, 1.0, 0, 0),  # 南留庄镇党委书记A: the committee (session 8)
    # session 6, each measured once before fixing: Yanbian (Korean-Chinese names) 0.895 / 0.941 / 0.375,
    # Shanghai (a court, a township's new union) 0.791 / 0.778 / 0.25, Changde 0.974 / 0.933 / 0.583,
    # Luoyang (a feature with a ——记 deck, outlets in bylines) 0.872 / 1.0 / 1.0 (bylines 4/6); fixed against
    "yanbian-page": (1.0, 1.0, 1.0, 0, 0),
    "shanghai-page": (1.0, 1.0, 1.0, 0, 0),
    "changde-page": (1.0, 1.0, 1.0, 0, 0),
    "luoyang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 6, second batch, each measured once before fixing: Ningbo (business) 0.872 / 1.0 / 0.5,
    # Xiangyang (schools, hospitals) 0.941 / 0.909 / 1.0, Zunyi (police, a drill) 0.919 / 0.8 / 0.417
    "ningbo-page": (1.0, 1.0, 1.0, 0, 0),
    "xiangyang-page": (1.0, 1.0, 1.0, 0, 0),
    "zunyi-page": (1.0, 1.0, 1.0, 0, 0),
    # third batch, measured once before fixing: Dalian (a shipyard) 1.0 / 0.923 / 1.0, Nanchang (a press
    # conference, Q&A) 1.0 / 1.0 / 0.5, Kashgar (Uyghur names) 0.923 / 0.889 / 1.0
    "dalian-page": (1.0, 1.0, 1.0, 0, 0),
    "nanchang-page": (1.0, 1.0, 1.0, 0, 0),
    "kashgar-page": (1.0, 1.0, 1.0, 0, 0),
    # fourth batch, measured once before fixing: Chenzhou (PDF text: full-width digits, broken lines)
    # 1.0 / 1.0 / 0.5, Baoding 0.952 / 1.0 / 1.0, Yiwu 0.929 / 0.909 / 0.875
    "chenzhou-page": (1.0, 1.0, 1.0, 0, 0),
    "baoding-page": (1.0, 1.0, 1.0, 0, 0),
    "yiwu-page": (1.0, 1.0, 1.0, 0, 0),
    # fifth batch (events in other wordings), measured once before fixing: Liaocheng 0.957 / 1.0 / 0.889,
    # Mianzhu 1.0 / 1.0 / 0.375; Mianzhu's village venue (绵竹年画村) stays unread: villages are not modelled
    "liaocheng-page": (1.0, 1.0, 1.0, 0, 0),
    "mianzhu-page": (1.0, 1.0, 0.87, 0, 0),
    # session 7, first batch, measured once before fixing: Daqing 1.0 / 1.0 / 0.973 (bylines 5/7), Dongguan
    # 0.882 / 0.727 / 0.347, Anqing 0.973 / 0.8 / 0.944, Xining 0.944 / 0.857 / 0.583; Dongguan's brand-first
    # branch (顺丰速运…营业部) is cut
    "daqing-page": (1.0, 1.0, 1.0, 0, 0),
    "dongguan-page": (0.97, 1.0, 1.0, 0, 0),
    "anqing-page": (1.0, 1.0, 1.0, 0, 0),
    "xining-page": (1.0, 1.0, 0.91, 0, 0),
    # session 7, second batch (after the first batch's fixes), measured once before fixing: Guilin 0.919 /
    # 0.8 / 0.5 (bylines 3/5), Changzhi 0.947 / 0.933 / 0.833, Harbin 0.882 / 0.833 / 0.667, Xiamen 0.857 /
    # 0.833 / 0.917; Harbin's venue inside a college (X学院冰上训练馆) is read as the college
    "guilin-page": (1.0, 1.0, 1.0, 0, 0),
    "changzhi-page": (1.0, 1.0, 1.0, 0, 0),
    "harbin-page": (1.0, 1.0, 0.91, 0, 0),
    "xiamen-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, third batch (after the second batch's fixes), measured once before fixing: Nanning (PDF
    # text, a name broken inside the byline's brackets) 0.941 / 1.0 / 1.0 (bylines 3/4), Yantai (letters
    # before 全媒体记者, a port group and its parent group) 0.786 / 0.667 / 0.5 (bylines 1/4), Lanzhou 1.0 /
    # 1.0 / 0.5
    "nanning-page": (1.0, 1.0, 1.0, 0, 0),
    "yantai-page": (1.0, 1.0, 1.0, 0, 0),
    "lanzhou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, fourth batch (after the third batch's fixes), measured once before fixing: Zhanjiang 0.96 /
    # 0.909 / 0.875, Jiujiang 1.0 / 1.0 / 0.875, Hulunbuir 1.0 / 1.0 / 0.333, Lijiang (family names 和, 木)
    # 0.875 / 0.75 / 0.375. Zhanjiang's fishing-port venue (东堤渔港) is no body the suffixes read, and a
    # brigade named by its district after its city's detachment is located in the city; Hulunbuir's wrestling
    # winner is the performer of the wrestling (在摔跤比赛中), not of the Naadam
    "zhanjiang-page": (1.0, 0.9, 0.87, 0, 0),
    "jiujiang-page": (1.0, 1.0, 1.0, 0, 0),
    "hulunbuir-page": (1.0, 1.0, 0.93, 0, 0),
    "lijiang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, fifth batch (after the fourth batch's fixes), measured once before fixing: Taizhou (a briefs
    # column of ■ items) 0.95 / 1.0 / 0.5 (bylines 3/8, articles 3/4), Yibin 1.0 / 0.889 / 1.0, Yan'an
    # 0.923 / 0.889 / 0.625; Yan'an's oilfield group named by a county's short form (延长石油集团) leaves a
    # bare 石油集团, and the trip's leader goes to its health check (a part of the trip)
    "taizhou-page": (1.0, 1.0, 1.0, 0, 0),
    "yibin-page": (1.0, 1.0, 1.0, 0, 0),
    "yanan-page": (0.96, 1.0, 0.87, 0, 0),
    # session 7, sixth batch (after the fifth batch's fixes), measured once before fixing: Fushun (an
    # interview) 1.0 / 1.0 / 0.75, Changzhou (no blank lines, □ bylines) 0.96 / 0.889 / 0.938; Fushun's
    # venue (东洲区老年活动中心: 老年 is tagged a time word) is read by the model only
    "fushun-page": (1.0, 1.0, 0.75, 0, 0),
    "changzhou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, seventh batch (after the sixth batch's fixes), measured once before fixing: Huzhou (a photo
    # news item opening the page) 1.0 / 1.0 / 0.5, Kaifeng (记者 A 文 B 图) 0.963 / 0.909 / 1.0 (bylines
    # 3/5, articles 2/3)
    "huzhou-page": (1.0, 1.0, 1.0, 0, 0),
    "kaifeng-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, eighth batch (after the seventh batch's fixes), measured once before fixing: Huizhou (a
    # company with Latin letters, a development zone) 0.87 / 1.0 / 0.5, Kunming (family names 普, 刀) 0.957
    # / 0.889 / 1.0
    "huizhou-page": (1.0, 1.0, 1.0, 0, 0),
    "kunming-page": (1.0, 1.0, 1.0, 0, 0),
    # session 7, ninth batch (after the eighth batch's fixes), measured once before fixing: Urumqi (Uyghur
    # dotted names, a race 鸣枪开跑) 0.87 / 0.889 / 0.5, Sanya (a resort hotel, 酒店行业) 0.909 / 1.0 / 0.875
    "urumqi-page": (1.0, 1.0, 1.0, 0, 0),
    "sanya-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, first batch (on a new machine, before any fix of that session), measured once before
    # fixing: Weifang (a public notice's list of names, rare family names 綦/逄/郇, a paragraph's first
    # line wrapped) 0.828 / 0.6 / 0.75, Liupanshui (a Yi clan name, a mine and team between a company and
    # a post, a service van 开进 a street) 0.933 / 0.923 / 0.438, Mudanjiang (a date over four lines, a
    # forestry bureau company, a studio named after a model worker unveiled) 0.839 / 0.8 / 0.5; all
    # bylines and articles. Open: Weifang's union deputy who only speaks (说) is no participant of the
    # handout (Mudanjiang's 热电厂锅炉班, a team of the company named by its trade, is named with the company's
    # name since, and its gold lists it as a non-required sub-unit)
    "weifang-page": (1.0, 1.0, 0.75, 0, 0),
    "liupanshui-page": (1.0, 1.0, 1.0, 0, 0),
    "mudanjiang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, second batch (after the first batch's fixes), measured once before fixing: Yangzhou (a
    # craftsmen selection's results, winners listed by body and trade post, two names in a closing bracket)
    # 0.933 / 0.909 / 0.5, bylines 3/4; Handan (an industry unions' meeting, a deputy who 主持 after the
    # head's clause, a night school run with a vocational school) 0.923 / 0.8 / 0.417; Zigong (a job fair
    # in a street office, （集团） inside a company's name, a sanitation office's lunch project) 0.923 /
    # 0.889 / 0.25 (the selection's winners, 入选者中，既有…, and the union's deputy who visits the fair,
    # 在现场了解…, take part since)
    "yangzhou-page": (1.0, 1.0, 1.0, 0, 0),
    "handan-page": (1.0, 1.0, 1.0, 0, 0),
    "zigong-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, third batch (after the second batch's fixes), measured once before fixing: Changchun (a
    # profile under a ——记 deck) 0.952 / 1.0 / 1.0 (1.0 with the workshop's full name as the alias of a
    # non-required item, added afterwards), Xishuangbanna (Dai names 岩罕, 玉儿; a founding's chair)
    # 0.87 / 0.833 / 0.833, Linxia (a Dongxiang name 马尕西木, quilts 、 rice and oil 等慰问品) 0.9 / 0.8 /
    # 0.625; all bylines and articles
    "changchun-page": (1.0, 1.0, 1.0, 0, 0),
    "xishuangbanna-page": (1.0, 1.0, 1.0, 0, 0),
    "linxia-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, fourth batch (after the third batch's fixes), measured once before fixing: Shiyan (a bus
    # driver's good deed, a state grid company's contest) 1.0 / 1.0 / 1.0, Yueyang (a mutual-aid handout
    # ceremony, a league's winning teams) 1.0 / 1.0 / 0.708, Zhoukou (a thank-you letter, a legal aid
    # lawyer, lecturers 走进 a school) 1.0 / 1.0 / 1.0; all bylines and articles
    "shiyan-page": (1.0, 1.0, 1.0, 0, 0),
    "yueyang-page": (1.0, 1.0, 1.0, 0, 0),
    "zhoukou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, fifth batch (after the fourth batch's fixes), measured once before fixing: Tai'an (narrow-
    # column PDF text: every line broken, names and the date broken) 1.0 / 1.0 / 0.875, Ningde (a kicker
    # ending with a dash, ＫＤＭ（福安）电机有限公司, 黄海燕 after a post) 0.909 / 0.8 / 1.0, Quzhou (a
    # community service centre, a quoted station 启用) 0.889 / 1.0 / 0.625; all bylines and articles
    "taian-page": (1.0, 1.0, 1.0, 0, 0),
    "ningde-page": (1.0, 1.0, 1.0, 0, 0),
    "quzhou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, sixth batch (after the fifth batch's fixes), measured once before fixing: Lu'an (a photo
    # news page of three captions) 1.0 / 1.0 / 0.333, Xiaogan (an editorial, a meeting and 游主席一行)
    # 1.0 / 1.0 / 1.0, Yulin (a sugar company's mill opens its season's contest, 11月出生的 workers'
    # birthday party) 0.929 / 1.0 / 0.0; all bylines and articles
    "luan-page": (1.0, 1.0, 1.0, 0, 0),
    "xiaogan-page": (1.0, 1.0, 1.0, 0, 0),
    "yulin-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, seventh batch (after the sixth batch's fixes), measured once before fixing: Shijiazhuang (a
    # provincial plenary, 沧州市新华区 a district name the capital shares, 石家庄市长安区 under 市长)
    # 0.889 / 0.909 / 1.0, Guiyang (a forum, 等6名劳模工匠作主题分享) 1.0 / 1.0 / 0.875, Hohhot
    # (乌云毕力格宣布…, a snow park) 0.857 / 0.667 / 0.812; all bylines and articles
    "shijiazhuang-page": (1.0, 1.0, 1.0, 0, 0),
    "guiyang-page": (1.0, 1.0, 1.0, 0, 0),
    "huhehaote-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, eighth batch (after the seventh batch's fixes), measured once: Hebi (a workers' congress,
    # a lawyer's column with an anonymous reader), Ezhou (a safety quiz, a card handout), Chizhou (a show
    # 开展 at a cultural centre, free health checks) all 1.0 / 1.0 / 1.0 with every byline and article
    "hebi-page": (1.0, 1.0, 1.0, 0, 0),
    "ezhou-page": (1.0, 1.0, 1.0, 0, 0),
    "chizhou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, ninth batch (after the eighth batch's fixes), measured once before fixing: Jinzhong (a
    # railway group's 车务段 and its union, a county's education union) 0.917 / 1.0 / 0.5, Suihua (a winter
    # campaign, a grain depot's keeper) 0.96 / 0.909 / 1.0; all bylines and articles
    "jinzhong-page": (1.0, 1.0, 1.0, 0, 0),
    "suihua-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, tenth batch (after the ninth batch's fixes), measured once before fixing: Anyang (a
    # collective wedding, the family name 毋) 0.952 / 0.8 / 0.833, Huanggang (a blood drive, a skills exam)
    # 1.0 / 1.0 / 0.5; all bylines and articles. Open: the wedding's couple (A和新娘B是其中一对) are no
    # participants
    "anyang-page": (1.0, 1.0, 0.83, 0, 0),
    "huanggang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, eleventh batch (after the tenth batch's fixes), measured once before fixing: Yingkou (games
    # for disabled workers with an item's winner, a women workers' committee's screening) 1.0 / 1.0 / 0.375,
    # Luohe (relief money for an anonymous worker, a model worker's talk) 1.0 / 1.0 / 0.5 (the relief money,
    # its E1, made non-required afterwards: money handed out is no event by the project's convention)
    "yingkou-page": (1.0, 1.0, 1.0, 0, 0),
    "luohe-page": (1.0, 1.0, 1.0, 0, 0),
    # session 8, twelfth batch (after the eleventh batch's fixes), measured once before fixing: Qiandongnan
    # (a Miao embroidery contest, X公司绣娘A) 1.0 / 0.923 / 1.0, Xiangxi (建成“X非遗工坊”, 妇女学会…)
    # 0.909 / 0.857 / 1.0; all bylines and articles
    "qiandongnan-page": (1.0, 1.0, 1.0, 0, 0),
    "xiangxi-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, first batch, measured once before fixing: Putian (榜头镇仙游县X有限公司的A, a job fair)
    # 0.903 / 0.909 / 0.875, Longyan (A作工会工作报告, a 送清凉 handout at a company's site) 0.909 / 0.889 /
    # 0.75, Pingxiang (a wage bargaining signing) 1.0 / 0.857 / 1.0, Jining (A是X公司的木工, 比赛在X举行)
    # 1.0 / 0.857 / 0.833; all bylines and articles. Putian's quoted jobseeker is no participant yet
    "putian-page": (1.0, 1.0, 0.87, 0, 0),
    "longyan-page": (1.0, 1.0, 1.0, 0, 0),
    "pingxiang-page": (1.0, 1.0, 1.0, 0, 0),
    "jining-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, second batch (after the first batch's fixes), measured once before fixing: Baise (主播A,
    # a visit to a town's households) 1.0 / 0.889 / 0.688, Karamay (X公司的A·B, a photo news item)
    # 0.941 / 0.8 / 0.833 with 2 of 4 bylines and 1 of 2 articles, Chifeng (乌云其其格到会) 0.909 / 0.889 /
    # 0.875, Jiamusi (服务站律师A) 1.0 / 0.889 / 1.0, Zhangye (A结合自身经历，讲述了…) 1.0 / 1.0 / 0.875
    "baise-page": (1.0, 1.0, 1.0, 0, 0),
    "karamay-page": (1.0, 1.0, 1.0, 0, 0),
    "chifeng-page": (1.0, 1.0, 1.0, 0, 0),
    "jiamusi-page": (1.0, 1.0, 1.0, 0, 0),
    "zhangye-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, third batch (after the second batch's fixes), measured once before fixing: Nantong (a model
    # worker's profile under ——记X公司电焊工A) 1.0 / 1.0 / 1.0, Linyi (一等奖：A（X公司）) 0.957 / 0.667 /
    # 0.75, Haidong (厨师长A现场示范, a town's training base) 1.0 / 0.857 / 0.75, Shangrao (（作者单位：X A）,
    # a ten-character bureau body) 0.8 / 0.667 / 0.875 with 3 of 4 bylines
    "nantong-page": (1.0, 1.0, 1.0, 0, 0),
    "linyi-page": (1.0, 1.0, 1.0, 0, 0),
    "haidong-page": (1.0, 1.0, 1.0, 0, 0),
    "shangrao-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, fourth batch (after the third batch's fixes), measured once before fixing: Zhangzhou (a
    # wrapped headline …职工 / 技能比武开赛, 萧, a scenic area) 0.923 / 0.667 / 0.625 with 0 of 2 bylines and
    # 0 of 1 articles, Neijiang (仲裁院院长A, a village union founded) 0.923 / 0.8 / 0.0, Qianxinan (X绣坊的A,
    # Y县的B获得二等奖) 0.875 / 0.857 / 0.917
    "zhangzhou-page": (1.0, 1.0, 1.0, 0, 0),
    "neijiang-page": (1.0, 1.0, 1.0, 0, 0),
    "xingyi-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, fifth batch (after the fourth batch's fixes), measured once: Yichun (a briefs column, an
    # interview) 1.0 / 1.0 / 1.0 with every byline and article at the first measurement
    "yichun-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, sixth batch, measured once: Maoming (a date in Chinese numerals, 邓主席, games over three
    # days) 1.0 / 1.0 / 1.0 with every byline and article at the first measurement
    "maoming-page": (1.0, 1.0, 1.0, 0, 0),
    # session 9, seventh batch, measured once before fixing: Mianyang (a congress and a commentary on it,
    # 新一届市总工会) 0.947 / 1.0 / 0.8
    "jiangyou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 10, first batch, measured once before fixing: Zhaoqing (a union's notice with 主办单位 /
    # 承办单位 lines, two names in brackets crediting a brief, 通讯员 / B wrapped) 1.0 / 0.923 / 0.875 with
    # 5 of 6 bylines. Left: 广东敏锐律师事务所律师A (a brand word jieba tags an adjective: the rules cut the
    # firm's name, the model finds it after them, and A's membership is lost)
    "zhaoqing-page": (1.0, 0.92, 1.0, 0, 0),
    # session 10, second batch, measured once: Suqian (由A、B联合主办的 contest, X公司的A获得一等奖, an
    # interview in 记者：/ A： turns) 1.0 / 1.0 / 1.0 with every byline and article at the first measurement
    "suqian-page": (1.0, 1.0, 1.0, 0, 0),
    # session 11, measured once before fixing: Meizhou (梅州职工报记者 A 通讯员 B, 7 / 月15日, a congress
    # electing 主席 and A、B as 副主席, X、Y等基层工会作交流发言, X、Y有关负责人一同参加) 0.976 / 0.933 / 0.896
    "meizhou-page": (1.0, 1.0, 1.0, 0, 0),
    # session 11, measured once before fixing: Lüliang (□本报记者 A 实习生 B, 文/图 记者 C, 特邀X学院Y专业
    # 教师A授课, a pastry class the model read as a body) 0.919 / 0.933 / 1.0. Left: a joint mediation
    # office's opening (X与Y共建的Z正式挂牌运行) gives no event
    "lvliang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 11, measured once: Guyuan (【劳模风采】 over a feature with a dash subtitle, (通讯员 A 记者 B),
    # a legal-aid day with a justice bureau) 1.0 / 1.0 / 1.0 with every byline and article at the first
    "guyuan-page": (1.0, 1.0, 1.0, 0, 0),
    # session 11, measured once before fixing: Yangjiang (full-width digits, a masthead dated far right,
    # 编者按, bylines closing each article, X总工会…A一行到Y，慰问Z) 1.0 / 1.0 / 0.5
    "yangjiang-page": (1.0, 1.0, 1.0, 0, 0),
    # session 11, measured once before fixing: Suining (本报记者 A 摄影报道, X代表队、Y代表队分获亚军和季军,
    # X举办的“Y”职工书画作品展在Z开展, 出席开展仪式) 1.0 / 1.0 / 0.688
    "suining-page": (1.0, 1.0, 1.0, 0, 0),
}
PAGES = sorted(p for p in HELDOUT.iterdir() if p.suffix in (".txt", ".jsonl"))


def test_sample_page_meets_the_extraction_bar(sample_build, gold_path):
    report = evaluate.evaluate(sample_build, gold_path)
    assert report["entities"]["f"] >= 0.95, report["entities"]
    assert report["relations"]["f"] >= 0.90, report["relations"]
    assert report["events"]["score"] >= 0.90, report["events"]
    assert report["bylines"]["ok"] == report["bylines"]["total"] == 20
    assert report["articles"]["found"] == report["articles"]["total"] == 11


def test_there_are_heldout_pages_with_gold():
    assert len(PAGES) >= 5
    for page in PAGES:
        assert page.with_name(page.stem + ".gold.json").is_file(), page


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_heldout_page_floors(page, tmp_path):
    pipeline.build([str(page)], Options(outdir=str(tmp_path)))
    report = evaluate.evaluate(tmp_path, page.with_name(page.stem + ".gold.json"))
    ents, rels, evs, bylines_missed, articles_missed = KNOWN_GAPS.get(page.stem, (0.95, 0.85, 0.9, 0, 0))
    assert report["entities"]["f"] >= ents, report["entities"]
    assert report["relations"]["f"] >= rels, report["relations"]
    assert report["events"]["score"] >= evs, report["events"]
    assert report["bylines"]["total"] - report["bylines"]["ok"] <= bylines_missed, report["bylines"]
    assert report["articles"]["total"] - report["articles"]["found"] <= articles_missed
