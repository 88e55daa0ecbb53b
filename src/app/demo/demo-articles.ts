import type { ArticleInput } from '../knowledge/index.ts';

/**
 * The demo's knowledge base: real answers to what PA-300, PA-500 and CH-900 owners ask, each in
 * English and Chinese. Each article names only the fault codes its own text is about: the E12
 * article is the panel's E12 alarm and nothing else; whether remote monitoring's E101 is the same
 * alarm is for the tenant's data to say (an article's fault codes), never assumed here.
 */
export const DEMO_ARTICLES: ArticleInput[] = [
  {
    key: 'ch900-e12-high-discharge-pressure',
    visibility: 'public',
    productModels: ['CH-900'],
    partCategories: ['compressor', 'condenser'],
    faultCodes: [{ model: 'CH-900', code: 'E12' }],
    errorMessages: ['E12 HP ALARM', 'High discharge pressure trip'],
    troubleshootingTreeKey: 'ch900-e12',
    texts: {
      en: {
        title: 'CH-900 alarm E12: compressor high discharge pressure',
        summary:
          'The chiller stopped the compressor because the discharge pressure went too high. Usually a dirty condenser, a stopped condenser fan or too warm air around the unit.',
        body: `The panel shows **E12** when the compressor's discharge pressure passes the trip limit, about 26 bar. The controller stops the compressor to protect it.

## Check first
1. Is the condenser coil clean? Dust, leaves or plastic on the fins stop the heat from leaving. Clean it with a soft brush or low-pressure water, unit switched off.
2. Do the condenser fans run? A fan that does not turn is the most common cause.
3. Is the air around the unit hotter than 43 °C, or does warm exhaust air come back into the intake?
4. Are the service valves fully open after a recent repair?

## Reset
After the cause is removed, press **RESET** for 3 seconds. If E12 comes back within an hour, do not reset again: a technician must check the refrigerant charge and the compressor. Walk the guided troubleshooting for E12 to open a case with what you found.`,
      },
      zh: {
        title: 'CH-900 报警 E12：压缩机排气压力过高',
        summary: '压缩机排气压力过高，机组已停机保护。常见原因是冷凝器脏堵、冷凝风机不转或机组周围温度过高。',
        body: `当压缩机排气压力超过约 26 bar 的停机值时，面板显示 **E12**，控制器停止压缩机以保护设备。

## 先检查
1. 冷凝器翅片是否干净？灰尘、树叶或塑料膜会阻碍散热。断电后用软刷或低压水清洗。
2. 冷凝风机是否运转？风机不转是最常见的原因。
3. 机组周围空气是否高于 43 °C，或排出的热风被重新吸入？
4. 最近维修后，检修阀是否完全打开？

## 复位
排除原因后，长按 **RESET** 3 秒。如果一小时内再次出现 E12 告警，请不要反复复位：需要技术员检查冷媒充注量和压缩机。可按 E12 故障排查向导操作，并在向导结束时带着检查结果提交服务请求。`,
      },
    },
  },
  {
    key: 'ch900-e102-low-suction-pressure',
    visibility: 'public',
    productModels: ['CH-900'],
    partCategories: ['refrigerant_circuit'],
    faultCodes: [{ model: 'CH-900', code: 'E102' }],
    errorMessages: ['Low suction pressure'],
    texts: {
      en: {
        title: 'CH-900 alarm E102: low suction pressure (refrigerant loss?)',
        summary:
          'The suction pressure fell below its limit. Often refrigerant has leaked out; sometimes the evaporator is frozen or the water flow is too low.',
        body: `E102 means the compressor's suction pressure dropped below about 3 bar.

## Likely causes
- **Refrigerant leak**: oil stains on pipes or joints are a sign. Refrigerant is handled only by a certified technician.
- **Frozen evaporator**: the leaving water set point is too low, or the water flow is low.
- **Dirty water filter** in front of the evaporator.

## What you can do
Check the water filter and the set point (normally 7 °C). Do not restart more than twice: running short of refrigerant damages the compressor. Open a service request and mention any oil stains you saw.`,
      },
      zh: {
        title: 'CH-900 报警 E102：吸气压力过低（冷媒泄漏？）',
        summary: '吸气压力低于下限，常见原因是冷媒泄漏，也可能是蒸发器结冰或水流量过低。',
        body: `E102 表示压缩机吸气压力低于约 3 bar。

## 可能原因
- **冷媒泄漏**：管路或接头上有油渍是常见迹象。冷媒只能由持证技术员处理。
- **蒸发器结冰**：出水温度设定过低或水流量不足。
- 蒸发器前的**水过滤器堵塞**。

## 您可以做什么
检查水过滤器和出水设定温度（通常为 7 °C）。重启不要超过两次：缺冷媒运行会损坏压缩机。请提交服务请求，并说明看到的油渍位置。`,
      },
    },
  },
  {
    key: 'ch900-e201-flow-switch',
    visibility: 'public',
    productModels: ['CH-900'],
    partCategories: ['pump'],
    faultCodes: [{ model: 'CH-900', code: 'E201' }],
    errorMessages: ['Chilled water flow switch open'],
    texts: {
      en: {
        title: 'CH-900 alarm E201: chilled water flow switch open',
        summary:
          'The chiller sees no chilled water flow. Check the circulation pump, the valves and the water filter.',
        body: `The flow switch opens when the chilled water flow is too low; the chiller stops so the evaporator does not freeze.

1. Is the circulation pump running? Listen and check its breaker.
2. Are all valves in the water loop open?
3. Is the strainer clogged? Clean it with the pump off.
4. Is there air in the loop? Vent the high points.

When the flow is back, the alarm clears by itself after one minute. If the pump does not start, open a service request: the pump (PMP-900) may need replacing.`,
      },
      zh: {
        title: 'CH-900 报警 E201：冷冻水流量开关断开',
        summary: '机组检测不到冷冻水流量。请检查循环水泵、阀门和水过滤器。',
        body: `冷冻水流量过低时流量开关断开，机组停机以防蒸发器冻裂。

1. 循环水泵是否运转？听声音并检查其断路器。
2. 水系统中的阀门是否全部打开？
3. 过滤器是否堵塞？停泵后清洗。
4. 管路中是否有空气？在高点排气。

流量恢复一分钟后报警自动消除。如果水泵无法启动，请提交服务请求：水泵（PMP-900）可能需要更换。`,
      },
    },
  },
  {
    key: 'ch900-maintenance-schedule',
    visibility: 'product_customers',
    productModels: ['CH-900'],
    partCategories: ['condenser', 'compressor'],
    texts: {
      en: {
        title: 'CH-900 maintenance every 6 months or 2,000 run hours',
        summary: 'What the scheduled maintenance covers, and why the warranty asks for it.',
        body: `The CH-900 needs maintenance every **6 months or 2,000 run hours**, whichever comes first. The commercial warranty (§2.4) makes this maintenance a condition of cover.

A maintenance visit cleans the condenser coil, checks the refrigerant charge and the compressor current, tests the flow switch and the safety trips, and updates the controller. Book it in the portal before the date shown on your unit's page.`,
      },
      zh: {
        title: 'CH-900 保养周期：每 6 个月或 2000 运行小时',
        summary: '定期保养的内容，以及质保为何要求按期保养。',
        body: `CH-900 需要每 **6 个月或 2000 运行小时**（以先到者为准）保养一次。商用质保条款（§2.4）将按期保养作为保修条件。

保养包括清洗冷凝器、检查冷媒充注量和压缩机电流、测试流量开关和安全保护，以及升级控制器程序。请在设备页面显示的日期前通过客户门户预约。`,
      },
    },
  },
  {
    key: 'ch900-e301-controller-fault',
    visibility: 'partners',
    productModels: ['CH-900'],
    partCategories: ['control_board'],
    faultCodes: [{ model: 'CH-900', code: 'E301' }],
    texts: {
      en: {
        title: 'CH-900 alarm E301: controller fault (for service partners)',
        summary: 'How a technician diagnoses a controller fault before replacing the control board CB-CH9.',
        body: `E301 is raised when the controller's self-test fails.

1. Measure the 24 V supply at terminal X1; below 21 V points to the transformer, not the board.
2. Reseat the display cable and the sensor connectors.
3. Update the firmware from the service laptop.
4. Only when the fault stays, replace the control board **CB-CH9** and return the old one within 30 days for the warranty claim.`,
      },
      zh: {
        title: 'CH-900 报警 E301：控制器故障（服务伙伴适用）',
        summary: '技术员在更换控制板 CB-CH9 之前如何诊断控制器故障。',
        body: `控制器自检失败时出现 E301。

1. 测量端子 X1 的 24 V 供电；低于 21 V 说明是变压器问题，而不是控制板。
2. 重新插紧显示屏线缆和传感器插头。
3. 用服务电脑升级固件。
4. 故障仍在时才更换控制板 **CB-CH9**，并在 30 天内寄回旧板以便索赔。`,
      },
    },
  },
  {
    key: 'pa300-filter-replacement',
    visibility: 'public',
    productModels: ['PA-300'],
    partCategories: ['filter'],
    texts: {
      en: {
        title: 'PA-300: replacing the HEPA filter when the filter light is on',
        summary:
          'The filter light turns red after about 2,000 hours. How to change the FLT-300 filter set and reset the light.',
        body: `The PA-300 counts its running hours; after about 2,000 hours the **filter indicator** turns red.

1. Switch off and unplug the purifier.
2. Open the back cover and pull out the old HEPA filter set.
3. Remove the plastic wrap from the new **FLT-300** set and insert it, arrows towards the fan.
4. Close the cover, switch on and hold the **filter** button for 5 seconds until the light goes off.

A used filter is not covered by the warranty: it wears out by design.`,
      },
      zh: {
        title: 'PA-300：滤网指示灯亮起时更换 HEPA 滤网',
        summary: '约 2000 小时后滤网指示灯变红。如何更换 FLT-300 滤网并复位指示灯。',
        body: `PA-300 会累计运行时间；约 2000 小时后**滤网指示灯**变红。

1. 关机并拔下电源。
2. 打开后盖，取出旧的 HEPA 滤网。
3. 撕掉新 **FLT-300** 滤网的塑料包装后放入，箭头朝向风机。
4. 盖好后盖，开机，长按**滤网**键 5 秒直到指示灯熄灭。

滤网属于易损件，不在保修范围内。`,
      },
    },
  },
  {
    key: 'pa300-fan-noise',
    visibility: 'public',
    productModels: ['PA-300'],
    partCategories: ['motor'],
    errorMessages: ['Fan noise'],
    texts: {
      en: {
        title: 'PA-300 makes a loud or rattling noise',
        summary:
          'A rattle usually comes from a loose filter or something caught in the fan; a grinding noise from the fan motor bearing.',
        body: `## Rattling or buzzing
Check that the filter sits flat and the back cover is closed. Look for paper or plastic caught in the fan grille.

## Grinding or whining that gets louder
The fan motor bearing (MTR-45) is worn. Stop using the purifier and open a service request: a worn bearing can stall the motor.

## Noise only at the highest speed
A whoosh at speed 5 is normal air noise. Use auto mode at night.`,
      },
      zh: {
        title: 'PA-300 运行噪音大或有异响',
        summary: '咔嗒声多半是滤网松动或风扇卡入异物；摩擦声通常来自风机电机轴承。',
        body: `## 咔嗒声或嗡嗡声
检查滤网是否放平、后盖是否关好，风扇格栅里是否卡有纸片或塑料。

## 越来越大的摩擦声或尖叫声
风机电机（MTR-45）轴承磨损。请停止使用并提交服务请求：轴承磨损可能导致电机堵转。

## 只有最高档有噪音
5 档的呼呼声是正常风噪。夜间请使用自动模式。`,
      },
    },
  },
  {
    key: 'pa300-pm25-reading-high',
    visibility: 'public',
    productModels: ['PA-300'],
    partCategories: ['sensor'],
    texts: {
      en: {
        title: 'PA-300 shows a high PM2.5 reading that does not come down',
        summary:
          'Clean the PM2.5 sensor window; if the number stays high in clean air, the sensor needs replacing.',
        body: `The PM2.5 sensor (SNS-PM25) looks through a small window on the side. Dust on it makes the reading stay high and the fan run at full speed.

1. Unplug the purifier and open the sensor flap on the right side.
2. Wipe the lens with a dry cotton swab.
3. Run the purifier for 30 minutes in a closed room.

If the display still shows more than 150 µg/m³ in clean air, open a service request for a sensor replacement.`,
      },
      zh: {
        title: 'PA-300 的 PM2.5 读数一直很高不下降',
        summary: '清洁 PM2.5 传感器窗口；若在洁净空气中读数仍然很高，则需要更换传感器。',
        body: `PM2.5 传感器（SNS-PM25）通过侧面的小窗口检测空气。窗口积灰会使读数一直偏高、风机一直高速运转。

1. 拔下电源，打开右侧的传感器盖板。
2. 用干棉签擦拭镜头。
3. 在关闭门窗的房间内运行 30 分钟。

如果在洁净空气中显示仍超过 150 µg/m³，请提交服务请求更换传感器。`,
      },
    },
  },
  {
    key: 'pa500-fan-does-not-start',
    visibility: 'public',
    productModels: ['PA-500'],
    partCategories: ['motor', 'control_board'],
    faultCodes: [{ model: 'PA-500', code: 'F3' }],
    errorMessages: ['Fan motor stalled'],
    texts: {
      en: {
        title: 'PA-500 fan does not start or shows F3 (fan motor stalled)',
        summary:
          'The display lights up but the fan does not turn, or F3 appears. Check the safety switch of the cover, then the fan motors.',
        body: `The PA-500 has two fan motors. **F3** means one of them did not reach its speed.

1. Close the front cover firmly: a safety switch stops the fans when it is open.
2. Unplug for one minute and plug in again.
3. Look for something blocking the fan wheels.

If F3 stays, a fan motor (MTR-45) or the control board (CB-PA) is faulty: open a service request. The motors are covered by the warranty.`,
      },
      zh: {
        title: 'PA-500 风机不启动或显示 F3（风机电机堵转）',
        summary: '显示屏亮但风机不转，或出现 F3。先检查前盖安全开关，再检查风机电机。',
        body: `PA-500 有两个风机电机。**F3** 表示其中一个未达到额定转速。

1. 关紧前盖：前盖打开时安全开关会停止风机。
2. 拔掉电源一分钟后重新插上。
3. 检查是否有异物卡住风轮。

如果仍显示 F3，说明风机电机（MTR-45）或控制板（CB-PA）故障：请提交服务请求。电机在保修范围内。`,
      },
    },
  },
  {
    key: 'pa500-filter-replacement',
    visibility: 'public',
    productModels: ['PA-500'],
    partCategories: ['filter'],
    texts: {
      en: {
        title: 'PA-500: changing the FLT-500 filter set',
        summary:
          'The PA-500 takes the larger FLT-500 set (pre-filter, HEPA and carbon). Change it when the filter light turns red.',
        body: `The PA-500 uses the **FLT-500** set: a washable pre-filter, a HEPA layer and an activated carbon layer.

1. Switch off and unplug.
2. Open the front cover (it also stops the fans by its safety switch).
3. Wash the pre-filter in lukewarm water every month; let it dry fully.
4. Replace the HEPA and carbon layers when the filter light turns red, about every 12 months.
5. Hold the **filter** button for 5 seconds to reset the counter.`,
      },
      zh: {
        title: 'PA-500：更换 FLT-500 滤网组件',
        summary: 'PA-500 使用更大的 FLT-500 滤网组件（初效、HEPA 和活性炭）。滤网指示灯变红时更换。',
        body: `PA-500 使用 **FLT-500** 滤网组件：可水洗的初效滤网、HEPA 层和活性炭层。

1. 关机并拔下电源。
2. 打开前盖（前盖的安全开关也会停止风机）。
3. 初效滤网每月用温水清洗一次，完全晾干。
4. 滤网指示灯变红时（约每 12 个月）更换 HEPA 和活性炭层。
5. 长按**滤网**键 5 秒复位计时。`,
      },
    },
  },
  {
    key: 'pa500-odour',
    visibility: 'public',
    productModels: ['PA-500'],
    partCategories: ['filter'],
    texts: {
      en: {
        title: 'PA-500 smells bad or blows musty air',
        summary: 'A musty smell means the carbon layer is saturated or the pre-filter was put back wet.',
        body: `A smell from the outlet comes from the filters, not the machine.

- **Musty or sour smell**: the pre-filter was put back while still wet. Wash it again and let it dry for 24 hours.
- **Smell of cooking or smoke that comes back**: the activated carbon layer is saturated; replace it even if the filter light is not red yet.
- **Burning smell**: switch off and unplug at once, then open a service request.`,
      },
      zh: {
        title: 'PA-500 有异味或吹出霉味',
        summary: '霉味通常是活性炭层已饱和，或初效滤网未干透就装回。',
        body: `出风口的异味来自滤网，而不是机器本身。

- **霉味或酸味**：初效滤网未干透就装回。请重新清洗并晾干 24 小时。
- **油烟或烟味反复出现**：活性炭层已饱和，即使滤网指示灯未变红也请更换。
- **焦糊味**：立即关机拔电，并提交服务请求。`,
      },
    },
  },
];

/** The tenant's first synonym groups: the words customers and technicians use for the same thing. */
export const DEMO_SYNONYMS: string[][] = [
  ['报警', '告警', '警报', 'alarm', 'alert'],
  ['压缩机', 'compressor'],
  ['滤网', '过滤网', '滤芯', 'filter'],
  ['噪音', '噪声', '异响', 'noise'],
  ['异味', '臭味', '霉味', 'smell', 'odour', 'odor'],
  ['风机', '风扇', 'fan'],
  ['冷水机', '冷水机组', 'chiller'],
  ['净化器', '空气净化器', 'purifier'],
  ['保养', '维护', 'maintenance', 'service'],
];
