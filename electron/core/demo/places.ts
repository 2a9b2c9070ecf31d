// Place names and codes for the demo town: 村/社区 names, housing estates, 专属网格 units, and the
// home counties of 流动人口 (real GB/T 2260 county codes, so their ID numbers look right).

export const COMMUNITY_NAMES = [
  '东关社区', '西街社区', '南门社区', '北苑社区', '新华社区', '滨河社区', '文昌社区', '花园社区', '振兴社区', '幸福社区', '和平社区',
  '建设社区', '人民社区', '朝阳社区', '锦绣社区', '育才社区', '丽景社区', '金桥社区', '秀水社区', '清风社区',
] as const;

export const VILLAGE_NAMES = [
  '柳河村', '杨庄村', '李家湾村', '石桥村', '桃园村', '马店村', '双塘村', '高岗村', '龙泉村', '大王村', '张圩村', '前进村', '新民村',
  '红星村', '周湾村', '黄土岗村', '白马村', '三官村', '梅林村', '泉水村', '枫林村', '青山村', '荷塘村', '西岗村', '东岭村', '陈营村',
  '赵集村', '孙庄村', '刘河村', '吴岗村', '钱家村', '郑桥村', '王营村', '何庄村', '罗家坝村', '朱家店村', '许湾村', '胡集村', '林场村',
  '徐圩村', '彭塘村', '凤凰村', '金牛村', '银杏村', '松山村', '竹园村', '花桥村', '长岗村', '五里村', '八里村', '十里铺村', '仁和村',
  '永安村', '太平村', '新塘村', '大桥村', '小河村', '联合村', '团结村', '光明村', '友谊村', '丰收村', '东风村', '向阳村', '民主村',
  '胜利村', '同心村', '兴隆村', '红旗村', '福田村',
] as const;

export const ESTATE_NAMES = [
  '锦绣花园', '幸福里小区', '阳光新城', '翠湖苑', '金桂园', '和平新村', '滨河小区', '碧水家园', '书香苑', '紫荆花园', '御景湾',
  '世纪花园', '康乐小区', '新华小区', '丽都花园', '怡景苑', '文昌小区', '兰亭雅苑', '名仕华庭', '香樟苑', '水岸名居', '安居苑',
  '嘉和园', '欣欣家园', '春江花园', '银杏苑', '东湖小区', '西苑小区', '桂花园', '望江苑',
] as const;

export const CHINESE_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五. */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_NUMERALS[n] || '零';
  if (n < 20) return `十${CHINESE_NUMERALS[n % 10]}`;
  if (n < 100) return `${CHINESE_NUMERALS[Math.floor(n / 10)]}十${CHINESE_NUMERALS[n % 10]}`;
  const rest = n % 100;
  return `${CHINESE_NUMERALS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${CHINESE_NUMERALS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
}

export type UnitKind = 'school' | 'hospital' | 'park' | 'elderly' | 'middleSchool' | 'market';

/** 专属网格 in the order they are added as the town grows; `place` says where the unit sits. */
export const SPECIAL_UNITS: readonly { kind: UnitKind; name: (stem: string, town: string) => string; description: string; place: 'community' | 'village' }[] = [
  { kind: 'school', name: (stem) => `${stem}中心小学`, description: '镇中心小学校园及教职工宿舍', place: 'community' },
  { kind: 'hospital', name: (_stem, town) => `${town}卫生院`, description: '镇卫生院院区及职工宿舍', place: 'community' },
  { kind: 'park', name: (stem) => `${stem}工业园区`, description: '工业园区企业厂区及员工宿舍', place: 'village' },
  { kind: 'elderly', name: (_stem, town) => `${town}敬老院`, description: '镇敬老院（特困人员集中供养）', place: 'village' },
  { kind: 'middleSchool', name: (stem) => `${stem}初级中学`, description: '初级中学校园及学生宿舍', place: 'community' },
  { kind: 'market', name: (stem) => `${stem}农贸市场`, description: '农贸市场及周边商铺', place: 'community' },
];

/** Home counties of 流动人口: code, label, and the ethnic codes seen there besides 汉族. */
export const ORIGIN_COUNTIES: readonly { code: string; label: string; minorities?: readonly string[] }[] = [
  { code: '341221', label: '安徽省临泉县' },
  { code: '341222', label: '安徽省太和县' },
  { code: '341225', label: '安徽省阜南县' },
  { code: '341321', label: '安徽省砀山县' },
  { code: '341322', label: '安徽省萧县' },
  { code: '340121', label: '安徽省长丰县' },
  { code: '411323', label: '河南省淅川县' },
  { code: '411421', label: '河南省民权县' },
  { code: '411522', label: '河南省光山县' },
  { code: '411624', label: '河南省沈丘县' },
  { code: '410523', label: '河南省汤阴县' },
  { code: '510921', label: '四川省蓬溪县' },
  { code: '511623', label: '四川省邻水县' },
  { code: '511923', label: '四川省平昌县' },
  { code: '360121', label: '江西省南昌县' },
  { code: '360822', label: '江西省吉水县' },
  { code: '361127', label: '江西省余干县' },
  { code: '430524', label: '湖南省隆回县', minorities: ['06'] },
  { code: '520326', label: '贵州省务川仡佬族苗族自治县', minorities: ['37', '06'] },
  { code: '520521', label: '贵州省大方县', minorities: ['07', '06', '09'] },
  { code: '370827', label: '山东省鱼台县' },
  { code: '371324', label: '山东省兰陵县' },
  { code: '321323', label: '江苏省泗阳县' },
  { code: '320830', label: '江苏省盱眙县' },
  { code: '450921', label: '广西壮族自治区容县', minorities: ['08'] },
  { code: '422822', label: '湖北省建始县', minorities: ['15'] },
];

/** Last two digits of other counties in the same prefecture, for spouses who married in. */
export const NEIGHBOUR_COUNTY_SUFFIXES = ['02', '04', '05', '06', '11', '13', '14', '15', '16', '21', '22', '23', '24', '25', '81', '82'] as const;

/** Rural place names used to write a 流动人口's registered address back home. */
export const HOME_PLACES = ['城关镇', '新集镇', '王店乡', '李楼乡', '高庙镇', '杨桥镇', '黄岭镇', '马集乡', '白果镇', '石门乡'] as const;

export const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '193', '195', '198', '199',
] as const;
