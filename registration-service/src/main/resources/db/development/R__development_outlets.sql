-- DEVELOPMENT outlets, loaded only by the dev, test and local profiles (./suite, docker-compose, the tests); a
-- production registry is maintained by administrators through PUT /api/v1/outlets/{code}. Existing rows are kept.
insert into outlet (code, name, address, region_code, hours, open, changed_at, changed_by) values
    ('110105-001', '朝阳区社保服务中心 Chaoyang social insurance service centre', '北京市朝阳区示例路 1 号 (development data)',
     '110105', 'Mon-Fri 09:00-17:00, Sat 09:00-12:00', true, now(), 'development-data'),
    ('110105-002', '朝阳区望京社保服务站 Wangjing service point', '北京市朝阳区示例路 2 号 (development data)',
     '110105', 'Mon-Fri 09:00-17:00', true, now(), 'development-data'),
    ('110105-W', '朝阳区企业服务窗口 Chaoyang employer window', '北京市朝阳区示例路 3 号 (development data)',
     '110105', 'Mon-Fri 09:00-16:00', true, now(), 'development-data'),
    ('330102-001', '上城区社保服务中心 Shangcheng social insurance service centre', '杭州市上城区示例路 1 号 (development data)',
     '330102', 'Mon-Fri 08:30-17:00', true, now(), 'development-data')
on conflict (code) do nothing;
